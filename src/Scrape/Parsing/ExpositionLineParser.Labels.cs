using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Tsdb.Scrape.Parsing;

/// <summary>Names, quoted strings and label blocks, shared by both formats.</summary>
internal sealed partial class ExpositionLineParser
{
    private const byte ClassLabelStart = 1; // [a-zA-Z_]
    private const byte ClassColon = 2;
    private const byte ClassDigit = 4;

    /// <summary>OpenMetrics' limit on an exemplar's label names plus values, in code points.</summary>
    internal const int ExemplarMaxLabelRunes = 128;

    private static readonly byte[] CharClass = BuildCharClass();

    private static byte[] BuildCharClass()
    {
        var t = new byte[256];
        for (var c = 'a'; c <= 'z'; c++)
        {
            t[c] = ClassLabelStart;
            t[c - 'a' + 'A'] = ClassLabelStart;
        }

        t['_'] = ClassLabelStart;
        t[':'] = ClassColon;
        for (var c = '0'; c <= '9'; c++)
        {
            t[c] = ClassDigit;
        }

        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsMetricNameStart(byte c) => (CharClass[c] & (ClassLabelStart | ClassColon)) != 0;

    // [a-zA-Z_:][a-zA-Z0-9_:]*, starting at a position already known to hold a valid first byte.
    private static int ScanMetricName(ReadOnlySpan<byte> line, int pos)
    {
        pos++;
        while ((uint)pos < (uint)line.Length && CharClass[line[pos]] != 0)
        {
            pos++;
        }

        return pos;
    }

    // [a-zA-Z_][a-zA-Z0-9_]*, starting at a position already known to hold a valid first byte.
    private static int ScanLabelName(ReadOnlySpan<byte> line, int pos)
    {
        pos++;
        while ((uint)pos < (uint)line.Length && (CharClass[line[pos]] & (ClassLabelStart | ClassDigit)) != 0)
        {
            pos++;
        }

        return pos;
    }

    /// <summary>Scans <c>"..."</c> with backslash escapes from the opening quote at <paramref name="pos"/>; returns the index after the closing quote, or -1 if unterminated.</summary>
    private static int ScanQuoted(ReadOnlySpan<byte> line, int pos)
    {
        var i = pos + 1;
        while (i < line.Length)
        {
            var rel = line[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (rel < 0)
            {
                return -1;
            }

            i += rel;
            if (line[i] == (byte)'"')
            {
                return i + 1;
            }

            i += 2;
        }

        return -1;
    }

    /// <summary>
    /// Validates a label block whose <c>{</c> is just before <paramref name="pos"/> and returns the index
    /// after its <c>}</c>. A quoted string with no <c>=</c> is the metric name (UTF-8 names), which is
    /// recorded in <paramref name="nameSet"/>. The text format allows blanks between tokens;
    /// OpenMetrics allows none. For exemplars the code points of names and values are counted.
    /// </summary>
    private int ScanLabels(ReadOnlySpan<byte> line, int pos, bool blanks, bool exemplar, ref bool nameSet, out int runes)
    {
        runes = 0;
        while (true)
        {
            if (blanks)
            {
                pos = SkipBlanks(line, pos);
            }

            if (pos >= line.Length)
            {
                throw ParseErrors.Expected("expected label name", line, pos, _lineNumber);
            }

            var c = line[pos];
            if (c == (byte)'}')
            {
                return pos + 1;
            }

            int nameStart, nameEnd, next;
            var quotedName = false;
            if ((CharClass[c] & ClassLabelStart) != 0)
            {
                nameStart = pos;
                nameEnd = next = ScanLabelName(line, pos);
            }
            else if (c == (byte)'"')
            {
                next = ScanQuoted(line, pos);
                if (next < 0)
                {
                    throw ParseErrors.Expected("expected label name", line, pos, _lineNumber);
                }

                nameStart = pos + 1;
                nameEnd = next - 1;
                quotedName = true;
            }
            else
            {
                throw ParseErrors.Expected("expected label name", line, pos, _lineNumber);
            }

            pos = blanks ? SkipBlanks(line, next) : next;
            var after = pos < line.Length ? line[pos] : (byte)'\n';
            if (!quotedName && exemplar && (after == (byte)',' || after == (byte)'}'))
            {
                throw ParseErrors.Expected("expected label name", line, pos, _lineNumber);
            }

            if (quotedName && (after == (byte)',' || after == (byte)'}'))
            {
                // {"my.metric", a="1"}: a lone quoted string is the metric name.
                if (exemplar)
                {
                    throw ParseErrors.Expected("expected label name", line, pos, _lineNumber);
                }

                if (nameSet)
                {
                    throw ParseErrors.InLine("metric name already set", line, _lineNumber);
                }

                CheckQuotedName(line, nameStart, nameEnd, "invalid metric name");
                nameSet = true;
                if (after == (byte)',')
                {
                    pos++;
                }

                continue;
            }

            if (quotedName)
            {
                CheckQuotedName(line, nameStart, nameEnd, "invalid label name");
            }

            if (after != (byte)'=')
            {
                throw ParseErrors.Expected("expected equal", line, pos, _lineNumber);
            }

            pos++;
            if (blanks)
            {
                pos = SkipBlanks(line, pos);
            }

            if (pos >= line.Length || line[pos] != (byte)'"')
            {
                throw ParseErrors.Expected("expected label value", line, pos, _lineNumber);
            }

            var valueEnd = ScanQuoted(line, pos);
            if (valueEnd < 0)
            {
                throw ParseErrors.Expected("expected label value", line, pos, _lineNumber);
            }

            var value = line[(pos + 1)..(valueEnd - 1)];
            if (!Utf8.IsValid(value))
            {
                throw ParseErrors.Message($"invalid UTF-8 label value: {ParseErrors.Quote(value)}", _lineNumber);
            }

            if (exemplar)
            {
                runes += CountRunes(line[nameStart..nameEnd]) + CountRunes(value);
            }

            pos = blanks ? SkipBlanks(line, valueEnd) : valueEnd;
            if (pos < line.Length && line[pos] == (byte)',')
            {
                pos++;
            }
            else if (!blanks && (pos >= line.Length || line[pos] != (byte)'}'))
            {
                // The text parser lets the comma go (promparse: "this allows spaces between label
                // names, unlike in OpenMetrics"); OpenMetrics requires it.
                throw ParseErrors.Expected("expected comma or brace close", line, pos, _lineNumber);
            }
        }
    }

    private void CheckQuotedName(ReadOnlySpan<byte> line, int start, int end, string what)
    {
        var name = line[start..end];
        if (name.IsEmpty || !Utf8.IsValid(name))
        {
            throw ParseErrors.Message($"{what} {ParseErrors.Quote(name)}", _lineNumber);
        }
    }

    // Code points of valid UTF-8: every byte that is not a continuation byte starts one.
    private static int CountRunes(ReadOnlySpan<byte> s)
    {
        var n = 0;
        foreach (var b in s)
        {
            if ((b & 0xC0) != 0x80)
            {
                n++;
            }
        }

        return n;
    }
}
