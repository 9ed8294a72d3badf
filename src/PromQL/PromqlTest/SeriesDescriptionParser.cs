using System.Globalization;
using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Reads a series line: <c>metric{label="value", ...} &lt;points&gt;</c> (Prometheus ParseSeriesDesc).
/// The label set is the selector syntax with <c>=</c> only; names may be quoted (<c>{"metric.name", "a.b"="c"}</c>,
/// a lone quoted string being the metric name) and values use any PromQL quote style.
/// <para>
/// Points use the expanding notation, items separated by whitespace: <c>_</c> (no sample), <c>_xN</c>
/// (N missing), a value (<c>1</c>, <c>-2.5</c>, <c>1e3</c>, <c>Inf</c>, <c>NaN</c>, <c>stale</c>),
/// <c>vxN</c> (N+1 copies), <c>a+bxN</c> / <c>a-bxN</c> (N+1 values a, a±b, ..., summed step by step as
/// Prometheus does), and native histograms <c>{{...}}</c>, <c>{{...}}xN</c>, <c>{{a}}+{{b}}xN</c>,
/// <c>{{a}}-{{b}}xN</c>, kept as text. As in Prometheus, hexadecimal numbers are not allowed here
/// (<c>0x3</c> would be ambiguous with repetition).
/// </para>
/// </summary>
public static class SeriesDescriptionParser
{
    /// <summary>Parses a whole series line; throws <see cref="FormatException"/> naming the problem.</summary>
    public static SeriesDescription Parse(string line, int lineNumber = 0)
    {
        var pos = 0;
        var metric = ReadMetric(line, ref pos);
        if (pos < line.Length && !char.IsWhiteSpace(line[pos]))
        {
            throw new FormatException($"unexpected character '{line[pos]}' after the series labels");
        }

        return new SeriesDescription(metric, ParseValues(line[pos..]), lineNumber);
    }

    /// <summary>Expands a whitespace-separated point sequence.</summary>
    public static IReadOnlyList<SequenceValue> ParseValues(string text)
    {
        var values = new List<SequenceValue>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }

            if (pos >= text.Length)
            {
                return values;
            }

            if (text.AsSpan(pos).StartsWith("{{"))
            {
                ReadHistogramItem(text, ref pos, values);
            }
            else
            {
                var start = pos;
                while (pos < text.Length && !char.IsWhiteSpace(text[pos]))
                {
                    pos++;
                }

                ReadFloatItem(text[start..pos], values);
            }

            if (pos < text.Length && !char.IsWhiteSpace(text[pos]))
            {
                throw new FormatException($"unexpected character '{text[pos]}' in series values");
            }
        }
    }

    /// <summary>Parses a whole label set such as <c>name{l="v"}</c> (promtool's <c>exp_samples</c> labels).</summary>
    public static Labels ParseMetric(string text)
    {
        var pos = 0;
        var metric = ReadMetric(text, ref pos);
        return pos == text.Length ? metric : throw new FormatException($"unexpected character '{text[pos]}' after the series labels");
    }

    /// <summary>Reads <c>name{...}</c>, <c>name</c> or <c>{...}</c> starting at <paramref name="pos"/>.</summary>
    internal static Labels ReadMetric(string s, ref int pos)
    {
        var labels = new List<Label>();
        string? name = null;
        if (pos < s.Length && IsMetricNameStart(s[pos]))
        {
            var start = pos;
            while (pos < s.Length && IsMetricNameChar(s[pos]))
            {
                pos++;
            }

            name = s[start..pos];
        }

        var braces = pos < s.Length && s[pos] == '{';
        if (name is null && !braces)
        {
            throw new FormatException(pos < s.Length
                ? $"unexpected character '{s[pos]}': expected a metric name or '{{'"
                : "expected a metric name or '{'");
        }

        if (name is not null)
        {
            labels.Add(new Label(Label.MetricName, name));
        }

        if (braces)
        {
            pos++;
            ReadLabelSet(s, ref pos, labels);
        }

        try
        {
            return Labels.FromUnsorted(labels);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static void ReadLabelSet(string s, ref int pos, List<Label> labels)
    {
        while (true)
        {
            SkipSpaces(s, ref pos);
            if (pos >= s.Length)
            {
                throw new FormatException("unexpected end of input inside braces");
            }

            if (s[pos] == '}')
            {
                pos++;
                return;
            }

            string labelName;
            if (s[pos] is '"' or '\'' or '`')
            {
                labelName = ReadString(s, ref pos);
                SkipSpaces(s, ref pos);
                if (pos < s.Length && (s[pos] == ',' || s[pos] == '}'))
                {
                    // A lone quoted string is the metric name.
                    labels.Add(new Label(Label.MetricName, labelName));
                    ReadSeparator(s, ref pos);
                    continue;
                }
            }
            else if (IsLabelNameStart(s[pos]))
            {
                var start = pos;
                while (pos < s.Length && IsLabelNameChar(s[pos]))
                {
                    pos++;
                }

                labelName = s[start..pos];
            }
            else
            {
                throw new FormatException($"unexpected character inside braces: '{s[pos]}'");
            }

            SkipSpaces(s, ref pos);
            if (pos >= s.Length || s[pos] != '=')
            {
                throw new FormatException($"expected '=' after label name \"{labelName}\"");
            }

            pos++;
            if (pos < s.Length && s[pos] == '~')
            {
                throw new FormatException("only '=' is allowed in a series description");
            }

            SkipSpaces(s, ref pos);
            labels.Add(new Label(labelName, ReadString(s, ref pos)));
            ReadSeparator(s, ref pos);
        }
    }

    private static void ReadSeparator(string s, ref int pos)
    {
        SkipSpaces(s, ref pos);
        if (pos < s.Length && s[pos] == ',')
        {
            pos++;
            return;
        }

        if (pos < s.Length && s[pos] == '}')
        {
            return;
        }

        throw new FormatException(pos < s.Length ? $"expected ',' or '}}', found '{s[pos]}'" : "unexpected end of input inside braces");
    }

    private static string ReadString(string s, ref int pos)
    {
        if (!QuotedString.TryRead(s, ref pos, out var value, out var error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    private static void SkipSpaces(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
        {
            pos++;
        }
    }

    private static void ReadHistogramItem(string s, ref int pos, List<SequenceValue> values)
    {
        var first = ReadHistogram(s, ref pos);
        if (pos < s.Length && s[pos] == 'x')
        {
            pos++;
            var times = ReadUInt(s, ref pos);
            for (ulong i = 0; i <= times; i++)
            {
                values.Add(SequenceValue.OfHistogram(first));
            }

            return;
        }

        if (pos < s.Length && (s[pos] == '+' || s[pos] == '-'))
        {
            var op = s[pos];
            pos++;
            if (!s.AsSpan(pos).StartsWith("{{"))
            {
                throw new FormatException($"expected a histogram after '{op}'");
            }

            var increment = ReadHistogram(s, ref pos);
            if (pos >= s.Length || s[pos] != 'x')
            {
                throw new FormatException($"expected 'x<count>' after {first}{op}{increment}");
            }

            pos++;
            var times = ReadUInt(s, ref pos);
            // The histogram arithmetic is not modelled: each position records the expression it came from.
            for (ulong i = 0; i <= times; i++)
            {
                values.Add(SequenceValue.OfHistogram(i == 0 ? first : $"{first}{op}{i}*{increment}"));
            }

            return;
        }

        values.Add(SequenceValue.OfHistogram(first));
    }

    private static string ReadHistogram(string s, ref int pos)
    {
        var end = s.IndexOf("}}", pos + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FormatException("unterminated histogram: missing '}}'");
        }

        var inner = s.AsSpan(pos + 2, end - pos - 2);
        foreach (var c in inner)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or ' ' or '\t' or '.' or '-' or '+' or '[' or ']'))
            {
                throw new FormatException($"unexpected character '{c}' in histogram description");
            }
        }

        var text = s[pos..(end + 2)];
        pos = end + 2;
        return text;
    }

    private static ulong ReadUInt(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos]))
        {
            pos++;
        }

        if (pos == start || !ulong.TryParse(s.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException("invalid repetition count in series values");
        }

        if (n > 1_000_000)
        {
            throw new FormatException($"repetition count {n} is too large");
        }

        return n;
    }

    private static void ReadFloatItem(string item, List<SequenceValue> values)
    {
        var pos = 0;
        if (item[0] == '_')
        {
            pos = 1;
            if (pos == item.Length)
            {
                values.Add(SequenceValue.Omitted);
                return;
            }

            if (item[pos] != 'x')
            {
                throw new FormatException($"invalid series value \"{item}\"");
            }

            pos++;
            var missing = ReadUInt(item, ref pos);
            ExpectEnd(item, pos);
            for (ulong i = 0; i < missing; i++)
            {
                values.Add(SequenceValue.Omitted);
            }

            return;
        }

        var value = ReadValue(item, ref pos);
        if (pos == item.Length)
        {
            values.Add(SequenceValue.Float(value));
            return;
        }

        if (item[pos] == 'x')
        {
            pos++;
            var times = ReadUInt(item, ref pos);
            ExpectEnd(item, pos);
            for (ulong i = 0; i <= times; i++)
            {
                values.Add(SequenceValue.Float(value));
            }

            return;
        }

        if (item[pos] is '+' or '-')
        {
            var negative = item[pos] == '-';
            pos++;
            var delta = ReadNumber(item, ref pos);
            if (negative)
            {
                delta = -delta;
            }

            if (pos >= item.Length || item[pos] != 'x')
            {
                throw new FormatException($"expected 'x<count>' in series value \"{item}\"");
            }

            pos++;
            var times = ReadUInt(item, ref pos);
            ExpectEnd(item, pos);
            for (ulong i = 0; i <= times; i++)
            {
                values.Add(SequenceValue.Float(value));
                value += delta;
            }

            return;
        }

        throw new FormatException($"invalid series value \"{item}\"");
    }

    private static void ExpectEnd(string item, int pos)
    {
        if (pos != item.Length)
        {
            throw new FormatException($"unexpected \"{item[pos..]}\" in series value \"{item}\"");
        }
    }

    /// <summary>A series value: <c>stale</c>, or a number with an optional sign.</summary>
    private static double ReadValue(string s, ref int pos)
    {
        if (pos < s.Length && (s[pos] == '+' || s[pos] == '-'))
        {
            var negative = s[pos] == '-';
            pos++;
            var n = ReadNumber(s, ref pos);
            return negative ? -n : n;
        }

        if (pos < s.Length && IsIdentifierStart(s[pos]))
        {
            var word = ReadIdentifier(s, ref pos);
            if (word == "stale")
            {
                return StaleNaN.Value;
            }

            return NumberWord(word);
        }

        return ReadNumber(s, ref pos);
    }

    /// <summary>An unsigned number: decimal digits with '.', exponent and '_' (Prometheus lexer rules), or Inf/NaN.</summary>
    private static double ReadNumber(string s, ref int pos)
    {
        if (pos < s.Length && IsIdentifierStart(s[pos]))
        {
            return NumberWord(ReadIdentifier(s, ref pos));
        }

        var start = pos;
        if (!ScanNumber(s, ref pos))
        {
            throw new FormatException($"bad number syntax: \"{s[start..Math.Min(pos + 1, s.Length)]}\"");
        }

        var text = s[start..pos];
        if (!GoNumber.TryParse(text, out var v))
        {
            throw new FormatException($"error parsing number: \"{text}\"");
        }

        return v;
    }

    private static double NumberWord(string word)
    {
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        if (word.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        throw new FormatException($"unexpected \"{word}\" in series values: expected a number or \"stale\"");
    }

    /// <summary>Identifiers in a value sequence absorb letters, digits, '_' and ':' (so <c>stalex3</c> is one bad word, as in Prometheus).</summary>
    private static string ReadIdentifier(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && (char.IsAsciiLetterOrDigit(s[pos]) || s[pos] is '_' or ':'))
        {
            pos++;
        }

        return s[start..pos];
    }

    // 'x' is the repetition operator and '_' the blank, so neither starts a word in a value sequence.
    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) && c != 'x';

    /// <summary>
    /// Prometheus lexer scanNumber in series-description mode: [.][digit] then digits, one '.', one
    /// exponent (with optional sign) and '_' between digits; it must be followed by a non-alphanumeric or 'x'.
    /// </summary>
    private static bool ScanNumber(string s, ref int pos)
    {
        var start = pos;
        Accept(s, ref pos, ".");
        Accept(s, ref pos, "0123456789");
        var dot = false;
        var exponent = false;
        while (pos < s.Length && "0123456789._eE".Contains(s[pos], StringComparison.Ordinal))
        {
            var c = s[pos];
            if (c == '.')
            {
                if (dot)
                {
                    return false;
                }

                dot = true;
                pos++;
                if (pos < s.Length && s[pos] is '_' or '.')
                {
                    return false;
                }

                continue;
            }

            if (c is 'e' or 'E')
            {
                if (exponent)
                {
                    return false;
                }

                exponent = true;
                pos++;
                Accept(s, ref pos, "+-");
                if (pos >= s.Length || s[pos] is '.' or '_' or 'e' or 'E')
                {
                    return false;
                }

                continue;
            }

            if (c == '_')
            {
                pos++;
                if (pos >= s.Length || s[pos] is '.' or '_' or 'e' or 'E')
                {
                    return false;
                }

                continue;
            }

            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }
        }

        if (pos == start)
        {
            return false;
        }

        return pos >= s.Length || s[pos] == 'x' || !(char.IsAsciiLetterOrDigit(s[pos]) || s[pos] == '_');
    }

    private static void Accept(string s, ref int pos, string valid)
    {
        if (pos < s.Length && valid.Contains(s[pos], StringComparison.Ordinal))
        {
            pos++;
        }
    }

    private static bool IsMetricNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsMetricNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static bool IsLabelNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsLabelNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
