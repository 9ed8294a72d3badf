using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Tsdb.Scrape.Loop;
using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Tests.Support;

/// <summary>
/// A minimal Prometheus text parser for loop tests until the real one lands: samples with optional
/// timestamps, # TYPE / # HELP, no escapes beyond what the series key keeps raw. It copies the body
/// into a reused buffer, so it allocates nothing per sample in steady state.
/// </summary>
internal sealed class TestTextParser
{
    private byte[] _buffer = new byte[1 << 16];

    public static ScrapeParser Binding() => new(ContentTypes.Format, (r, f, h, ct) => new TestTextParser().ReadAsync(r, f, h, ct));

    /// <summary>A binding that reuses one parser instance (one target only).</summary>
    public ScrapeParser SharedBinding() => new(ContentTypes.Format, ReadAsync);

    public async ValueTask ReadAsync(PipeReader reader, ExpositionFormat format, IExpositionHandler handler, CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buf = result.Buffer;
            if (length + buf.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Max(_buffer.Length * 2, length + buf.Length));
            }

            buf.CopyTo(_buffer.AsSpan(length));
            length += (int)buf.Length;
            reader.AdvanceTo(buf.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        Parse(_buffer.AsSpan(0, length), format, handler);
    }

    public static void Parse(ReadOnlySpan<byte> body, ExpositionFormat format, IExpositionHandler handler)
    {
        var lineNo = 0;
        while (!body.IsEmpty)
        {
            lineNo++;
            var nl = body.IndexOf((byte)'\n');
            var line = nl < 0 ? body : body[..nl];
            body = nl < 0 ? default : body[(nl + 1)..];
            line = line.Trim((byte)' ');
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == (byte)'#')
            {
                if (line.StartsWith("# EOF"u8))
                {
                    return;
                }

                var rest = line[1..].TrimStart((byte)' ');
                MetadataField? field = rest.StartsWith("TYPE "u8) ? MetadataField.Type : rest.StartsWith("HELP "u8) ? MetadataField.Help : rest.StartsWith("UNIT "u8) ? MetadataField.Unit : null;
                if (field is null)
                {
                    continue;
                }

                rest = rest[5..];
                var sp = rest.IndexOf((byte)' ');
                var name = sp < 0 ? rest : rest[..sp];
                var value = sp < 0 ? default : rest[(sp + 1)..];
                handler.OnMetadata(name, field.Value, value);
                continue;
            }

            int keyEnd;
            var brace = line.IndexOf((byte)'{');
            var space = line.IndexOf((byte)' ');
            if (brace >= 0 && (space < 0 || brace < space))
            {
                var inQuote = false;
                keyEnd = -1;
                for (var i = brace; i < line.Length; i++)
                {
                    if (line[i] == (byte)'\\')
                    {
                        i++;
                        continue;
                    }

                    if (line[i] == (byte)'"')
                    {
                        inQuote = !inQuote;
                    }
                    else if (line[i] == (byte)'}' && !inQuote)
                    {
                        keyEnd = i + 1;
                        break;
                    }
                }

                if (keyEnd < 0)
                {
                    throw new ExpositionFormatException("unterminated label block", lineNo);
                }
            }
            else
            {
                keyEnd = space < 0 ? throw new ExpositionFormatException("expected value after metric", lineNo) : space;
            }

            var key = line[..keyEnd];
            var tail = line[keyEnd..].Trim((byte)' ');
            var sp2 = tail.IndexOf((byte)' ');
            var valueText = sp2 < 0 ? tail : tail[..sp2];
            var v = ParseValue(valueText, lineNo);
            var hasTs = sp2 >= 0;
            long ts = 0;
            if (hasTs)
            {
                var tsText = tail[(sp2 + 1)..].Trim((byte)' ');
                if (format == ExpositionFormat.OpenMetrics)
                {
                    ts = (long)(ParseValue(tsText, lineNo) * 1000);
                }
                else if (!long.TryParse(tsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ts))
                {
                    throw new ExpositionFormatException("invalid timestamp", lineNo);
                }
            }

            handler.OnSample(new ExpositionSample(key, v, hasTs, ts, format));
        }
    }

    private static double ParseValue(ReadOnlySpan<byte> s, int line)
    {
        if (s.SequenceEqual("NaN"u8))
        {
            return double.NaN;
        }

        if (s.SequenceEqual("+Inf"u8))
        {
            return double.PositiveInfinity;
        }

        if (s.SequenceEqual("-Inf"u8))
        {
            return double.NegativeInfinity;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ExpositionFormatException("invalid value", line);
    }
}
