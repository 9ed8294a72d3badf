using System.Buffers;
using System.Text;
using Tsdb.Storage;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Turns the raw series bytes of a sample line (<c>name{a="1",b="x\"y"}</c>) into labels. Runs only
/// on a scrape-cache miss, so it may allocate the strings it returns. The parser has already
/// validated the syntax (text-format blanks between tokens included); malformed input here is a bug
/// and throws.
/// </summary>
internal static class SeriesKeyDecoder
{
    private const int StackLimit = 256;

    public static void Decode(ReadOnlySpan<byte> key, List<Label> into, FloatLabel floatLabel = FloatLabel.None)
    {
        into.Clear();
        var pos = SkipBlanks(key, 0);
        if (pos < key.Length && key[pos] != (byte)'{')
        {
            var start = pos;
            while (pos < key.Length && key[pos] is not ((byte)'{' or (byte)' ' or (byte)'\t'))
            {
                pos++;
            }

            into.Add(new Label(Label.MetricName, Encoding.UTF8.GetString(key[start..pos])));
            pos = SkipBlanks(key, pos);
        }

        if (pos >= key.Length)
        {
            return;
        }

        if (key[pos] != (byte)'{')
        {
            throw new InvalidDataException("unexpected byte after the metric name in series key");
        }

        pos++;
        while (true)
        {
            pos = SkipBlanks(key, pos);
            if (pos >= key.Length)
            {
                throw new InvalidDataException("unterminated label block in series key");
            }

            if (key[pos] == (byte)'}')
            {
                return;
            }

            if (key[pos] == (byte)',')
            {
                pos++;
                continue;
            }

            string name;
            if (key[pos] == (byte)'"')
            {
                pos = ReadQuoted(key, pos, out name);
                pos = SkipBlanks(key, pos);
                if (pos >= key.Length || key[pos] != (byte)'=')
                {
                    // A lone quoted string is the metric name (UTF-8 names: {"my.metric", a="1"}).
                    into.Insert(0, new Label(Label.MetricName, name));
                    continue;
                }
            }
            else
            {
                var start = pos;
                while (pos < key.Length && key[pos] is not ((byte)'=' or (byte)' ' or (byte)'\t'))
                {
                    pos++;
                }

                name = LabelNames.Get(key[start..pos]);
                pos = SkipBlanks(key, pos);
                if (pos >= key.Length || key[pos] != (byte)'=')
                {
                    throw new InvalidDataException("label without value in series key");
                }
            }

            pos = SkipBlanks(key, pos + 1);
            pos = ReadQuoted(key, pos, out var value);
            if (floatLabel != FloatLabel.None)
            {
                value = Canonical(name, value, floatLabel);
            }

            into.Add(new Label(name, value));
        }
    }

    /// <summary>
    /// The first label name that occurs twice, or null. Prometheus's parsers let duplicates through
    /// and its TSDB appender rejects the series (<c>label name "x" is not unique</c>), failing the
    /// scrape; the scrape loop calls this on a cache miss, after <see cref="Decode"/>.
    /// </summary>
    public static string? FindDuplicateName(List<Label> labels)
    {
        for (var i = 1; i < labels.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(labels[i].Name, labels[j].Name, StringComparison.Ordinal))
                {
                    return labels[i].Name;
                }
            }
        }

        return null;
    }

    // le="1" under a histogram TYPE decodes as le="1.0", like Prometheus 3; unparsable values stay.
    private static string Canonical(string name, string value, FloatLabel floatLabel)
    {
        var applies = floatLabel == FloatLabel.Le ? name == "le" : name == "quantile";
        if (!applies || !GoFloat.TryParse(Encoding.UTF8.GetBytes(value), out var f))
        {
            return value;
        }

        var canonical = OpenMetricsFloat.Format(f);
        return canonical == value ? value : canonical;
    }

    private static int SkipBlanks(ReadOnlySpan<byte> s, int pos)
    {
        while (pos < s.Length && (s[pos] == (byte)' ' || s[pos] == (byte)'\t'))
        {
            pos++;
        }

        return pos;
    }

    // Reads "..." resolving \\, \" and \n (other backslashes stay); returns the index after the closing quote.
    private static int ReadQuoted(ReadOnlySpan<byte> s, int pos, out string value)
    {
        if (pos >= s.Length || s[pos] != (byte)'"')
        {
            throw new InvalidDataException("expected a quoted string in series key");
        }

        var i = pos + 1;
        var hasEscape = false;
        while (i < s.Length && s[i] != (byte)'"')
        {
            if (s[i] == (byte)'\\')
            {
                hasEscape = true;
                i++;
            }

            i++;
        }

        if (i >= s.Length)
        {
            throw new InvalidDataException("unterminated quoted string in series key");
        }

        var raw = s[(pos + 1)..i];
        if (!hasEscape)
        {
            value = raw.IsEmpty ? string.Empty : Encoding.UTF8.GetString(raw);
            return i + 1;
        }

        byte[]? rented = null;
        var buffer = raw.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            var n = Escapes.Unescape(raw, buffer, quoteEscapes: true);
            value = Encoding.UTF8.GetString(buffer[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return i + 1;
    }
}
