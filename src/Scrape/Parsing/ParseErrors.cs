using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Builds the parser's exceptions out of line (the ThrowHelper pattern), so the hot parse methods
/// carry only a call and a throw. Messages follow Prometheus's textparse wording
/// (<c>expected label name, got "..." while parsing: "..."</c>) because they end up as the target's
/// lastError, where users compare them with what Prometheus shows.
/// </summary>
internal static class ParseErrors
{
    /// <summary><c>{what}, got "{token at pos}" while parsing: "{line up to pos}"</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ExpositionFormatException Expected(string what, ReadOnlySpan<byte> line, int pos, int lineNumber)
    {
        string got;
        if (pos >= line.Length)
        {
            got = "\"\\n\"";
        }
        else
        {
            // A separator is a token of its own; anything else runs to the next separator.
            var end = pos + 1;
            while (!IsTokenEnd(line[pos]) && end < line.Length && !IsTokenEnd(line[end]))
            {
                end++;
            }

            got = Quote(line[pos..end]);
        }

        var upTo = Math.Min(line.Length, pos + 1);
        return new ExpositionFormatException($"{what}, got {got} while parsing: {Quote(line[..upTo])}", lineNumber);
    }

    /// <summary><c>{what} while parsing: "{line}"</c>, for errors about a whole token (a bad float, say).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ExpositionFormatException InLine(string what, ReadOnlySpan<byte> line, int lineNumber) =>
        new($"{what} while parsing: {Quote(line)}", lineNumber);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ExpositionFormatException Message(string message, int lineNumber) => new(message, lineNumber);

    /// <summary>Go's <c>%q</c> closely enough for error messages: quotes, escapes, \xNN for bytes that are not printable UTF-8.</summary>
    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 2);
        sb.Append('"');
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{bytes[i]:x2}");
                i++;
                continue;
            }

            switch (rune.Value)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }

                    break;
            }

            i += consumed;
        }

        sb.Append('"');
        return sb.ToString();
    }

    private static bool IsTokenEnd(byte c) => c is (byte)' ' or (byte)'\t' or (byte)',' or (byte)'=' or (byte)'{' or (byte)'}' or (byte)'"';
}
