namespace Tsdb.Scrape.Parsing;

/// <summary>
/// The exposition formats' backslash escapes, resolved left to right like Go's strings.Replacer that
/// Prometheus uses: <c>\\</c> and <c>\n</c> always, <c>\"</c> in label values and OpenMetrics HELP
/// (but not in text-format HELP). Any other backslash stays as written.
/// </summary>
internal static class Escapes
{
    /// <summary>Writes <paramref name="src"/> unescaped into <paramref name="dst"/> (at least as long) and returns the length.</summary>
    public static int Unescape(ReadOnlySpan<byte> src, Span<byte> dst, bool quoteEscapes)
    {
        var n = 0;
        var i = 0;
        while (i < src.Length)
        {
            var rel = src[i..].IndexOf((byte)'\\');
            if (rel < 0)
            {
                src[i..].CopyTo(dst[n..]);
                return n + (src.Length - i);
            }

            src.Slice(i, rel).CopyTo(dst[n..]);
            n += rel;
            i += rel;
            if (i + 1 < src.Length)
            {
                var next = src[i + 1];
                if (next == (byte)'\\' || (next == (byte)'"' && quoteEscapes))
                {
                    dst[n++] = next;
                    i += 2;
                    continue;
                }

                if (next == (byte)'n')
                {
                    dst[n++] = (byte)'\n';
                    i += 2;
                    continue;
                }
            }

            dst[n++] = (byte)'\\';
            i++;
        }

        return n;
    }
}
