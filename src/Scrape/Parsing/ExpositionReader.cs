using System.Buffers;
using System.IO.Pipelines;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Entry points of the exposition parsers: content-type negotiation, a streaming reader over a
/// <see cref="PipeReader"/> and a single-buffer <see cref="Parse"/>. Both parse paths find lines
/// without a string per line and share one line parser, so they report the same entries and errors.
/// </summary>
public static class ExpositionReader
{
    private const int CarryInitialSize = 1024;

    /// <summary>
    /// The format for a response <c>Content-Type</c> (Prometheus 3 <c>extractMediaType</c>): any
    /// <c>text/plain</c> is the text format, <c>application/openmetrics-text</c> is OpenMetrics; blank,
    /// unparsable, protobuf or unknown types give null and the scrape fails with
    /// <see cref="UnsupportedContentTypeMessage"/>.
    /// </summary>
    public static ExpositionFormat? FormatFromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).AsSpan().Trim();
        if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return ExpositionFormat.PrometheusText;
        }

        if (mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            return ExpositionFormat.OpenMetrics;
        }

        return null;
    }

    /// <summary>The scrape error Prometheus 3 reports when <see cref="FormatFromContentType"/> finds no format and no fallback protocol is configured.</summary>
    public static string UnsupportedContentTypeMessage(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType)
            ? "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target"
            : $"received unsupported Content-Type {ParseErrors.Quote(System.Text.Encoding.UTF8.GetBytes(contentType))} and no fallback_scrape_protocol specified for target";

    /// <summary>
    /// Parses a whole body held in one buffer, calling <paramref name="handler"/> for each entry.
    /// Throws <see cref="ExpositionFormatException"/> at the first malformed line.
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> body, ExpositionFormat format, IExpositionHandler handler)
    {
        using var parser = new ExpositionLineParser(format, handler);
        while (true)
        {
            var nl = body.IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            parser.ParseLine(body[..nl]);
            body = body[(nl + 1)..];
        }

        // A last line without its '\n' still counts.
        if (!body.IsEmpty)
        {
            parser.ParseLine(body);
        }

        parser.Finish();
    }

    /// <summary>
    /// Reads <paramref name="body"/> to its end, parsing as data arrives and calling
    /// <paramref name="handler"/> synchronously for each entry; returns the number of body bytes read.
    /// Lines inside one pipe segment are parsed in place; a line split across segments is first
    /// copied into one pooled buffer. Throws <see cref="ExpositionFormatException"/> at the first
    /// malformed line, or <see cref="BodySizeLimitExceededException"/> once more than
    /// <paramref name="bodySizeLimit"/> bytes (0 = no limit) have arrived. The reader is not completed:
    /// its owner does that.
    /// </summary>
    public static async ValueTask<long> ReadAsync(
        PipeReader body,
        ExpositionFormat format,
        IExpositionHandler handler,
        CancellationToken ct,
        long bodySizeLimit = 0)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var parser = new ExpositionLineParser(format, handler);
        var carry = new LineCarry();
        try
        {
            long total = 0;
            while (true)
            {
                var result = await body.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                total += buffer.Length;
                if (bodySizeLimit > 0 && total > bodySizeLimit)
                {
                    body.AdvanceTo(buffer.End);
                    throw new BodySizeLimitExceededException(bodySizeLimit);
                }

                ParseSegments(parser, ref carry, buffer);
                body.AdvanceTo(buffer.End);
                if (result.IsCanceled)
                {
                    // CancelPendingRead: the body was not read to its end, so it must not count as complete.
                    throw new OperationCanceledException("exposition read canceled");
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (carry.Length > 0)
            {
                parser.ParseLine(carry.Span);
            }

            parser.Finish();
            return total;
        }
        finally
        {
            carry.Dispose();
        }
    }

    // Parses every complete line of the buffer; an unterminated tail goes to carry to be finished by
    // the next read (or parsed as the last line at the end of the body).
    private static void ParseSegments(ExpositionLineParser parser, ref LineCarry carry, in ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            while (!span.IsEmpty)
            {
                var nl = span.IndexOf((byte)'\n');
                if (nl < 0)
                {
                    carry.Append(span);
                    break;
                }

                if (carry.Length > 0)
                {
                    carry.Append(span[..nl]);
                    parser.ParseLine(carry.Span);
                    carry.Clear();
                }
                else
                {
                    parser.ParseLine(span[..nl]);
                }

                span = span[(nl + 1)..];
            }
        }
    }

    /// <summary>The pooled scratch buffer holding a line that straddles pipe segments.</summary>
    private struct LineCarry : IDisposable
    {
        private byte[]? _buffer;

        public int Length { get; private set; }

        public readonly ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_buffer is null || _buffer.Length - Length < bytes.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(CarryInitialSize, (Length + bytes.Length) * 2));
                if (_buffer is not null)
                {
                    _buffer.AsSpan(0, Length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                }

                _buffer = bigger;
            }

            bytes.CopyTo(_buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        public void Clear() => Length = 0;

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }
    }
}
