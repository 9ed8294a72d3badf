using System.Text;
using Tsdb.Storage;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Turns the raw series bytes of a sample line (<c>name{a="1",b="x\"y"}</c>) into labels. Runs only
/// on a scrape-cache miss, so it may allocate the strings it returns. The parser has already
/// validated the syntax; malformed input here is a bug and throws.
/// </summary>
internal static class SeriesKeyDecoder
{
    public static void Decode(ReadOnlySpan<byte> key, List<Label> into)
    {
        into.Clear();
        var brace = key.IndexOf((byte)'{');
        var name = brace < 0 ? key : key[..brace];
        name = name.TrimEnd((byte)' ');
        if (!name.IsEmpty)
        {
            into.Add(new Label(Label.MetricName, Encoding.UTF8.GetString(name)));
        }

        if (brace < 0)
        {
            return;
        }

        var rest = key[(brace + 1)..];
        while (true)
        {
            rest = rest.TrimStart((byte)' ').TrimStart((byte)',').TrimStart((byte)' ');
            if (rest.IsEmpty || rest[0] == (byte)'}')
            {
                return;
            }

            string labelName;
            if (rest[0] == (byte)'"')
            {
                rest = ReadQuoted(rest, out labelName);
                rest = rest.TrimStart((byte)' ');
                if (rest.IsEmpty || rest[0] != (byte)'=')
                {
                    // A lone quoted string is the metric name (UTF-8 names: {"my.metric", a="1"}).
                    into.Insert(0, new Label(Label.MetricName, labelName));
                    continue;
                }
            }
            else
            {
                var eq = rest.IndexOf((byte)'=');
                if (eq < 0)
                {
                    throw new InvalidDataException("label without value in series key");
                }

                labelName = Encoding.UTF8.GetString(rest[..eq].TrimEnd((byte)' '));
                rest = rest[eq..];
            }

            rest = rest[1..].TrimStart((byte)' ');
            rest = ReadQuoted(rest, out var value);
            into.Add(new Label(labelName, value));
        }
    }

    // Reads "..." with the exposition escapes \\, \" and \n; returns what follows the closing quote.
    private static ReadOnlySpan<byte> ReadQuoted(ReadOnlySpan<byte> s, out string value)
    {
        if (s.IsEmpty || s[0] != (byte)'"')
        {
            throw new InvalidDataException("expected a quoted string in series key");
        }

        var i = 1;
        var start = 1;
        var bytes = new List<byte>();
        while (i < s.Length && s[i] != (byte)'"')
        {
            if (s[i] == (byte)'\\' && i + 1 < s.Length)
            {
                foreach (var b in s[start..i])
                {
                    bytes.Add(b);
                }

                bytes.Add(s[i + 1] switch
                {
                    (byte)'n' => (byte)'\n',
                    var c => c,
                });
                i += 2;
                start = i;
                continue;
            }

            i++;
        }

        if (i >= s.Length)
        {
            throw new InvalidDataException("unterminated quoted string in series key");
        }

        if (bytes.Count == 0)
        {
            value = Encoding.UTF8.GetString(s[1..i]);
        }
        else
        {
            foreach (var b in s[start..i])
            {
                bytes.Add(b);
            }

            value = Encoding.UTF8.GetString(bytes.ToArray());
        }

        return s[(i + 1)..];
    }
}
