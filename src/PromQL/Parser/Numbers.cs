using System.Globalization;

namespace Tsdb.PromQL.Parser;

/// <summary>Number literal values as Prometheus reads them: <c>strconv.ParseInt(s, 0, 64)</c>, else <c>strconv.ParseFloat</c>.</summary>
internal static class Numbers
{
    /// <summary>The value of a NUMBER token; null and an error text when Go would fail.</summary>
    public static double? TryParse(string s, out string? error)
    {
        error = null;
        if (TryParseGoInt(s, out var l))
        {
            return l;
        }

        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        var hex = s.Length > 1 && s[0] == '0' && (s[1] | 0x20) == 'x';
        if (!hex && UnderscoresOk(s, 0))
        {
            var clean = s.Contains('_', StringComparison.Ordinal) ? s.Replace("_", "", StringComparison.Ordinal) : s;
            if (double.TryParse(clean, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d))
            {
                if (double.IsInfinity(d))
                {
                    error = $"error parsing number: strconv.ParseFloat: parsing {GoStrings.Quote(s)}: value out of range";
                    return null;
                }

                return d;
            }
        }

        error = $"error parsing number: strconv.ParseFloat: parsing {GoStrings.Quote(s)}: invalid syntax";
        return null;
    }

    private static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        var radix = 10;
        var i = 0;
        if (s[0] == '0' && s.Length > 1)
        {
            if ((s[1] | 0x20) == 'x')
            {
                radix = 16;
                i = 2;
            }
            else
            {
                radix = 8;
                i = 1;
            }
        }

        if (!UnderscoresOk(s, i))
        {
            return false;
        }

        ulong acc = 0;
        var any = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                continue;
            }

            var d = GoStrings.DigitVal(c);
            if (d >= radix)
            {
                return false;
            }

            if (acc > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                return false;
            }

            acc = (acc * (ulong)radix) + (ulong)d;
            any = true;
        }

        if (!any && radix != 8)
        {
            return false;
        }

        if (acc > long.MaxValue)
        {
            return false;
        }

        value = (long)acc;
        return true;
    }

    // Go: an underscore must sit between digits, or between a base prefix and a digit.
    private static bool UnderscoresOk(string s, int prefixEnd)
    {
        if (!s.Contains('_', StringComparison.Ordinal))
        {
            return true;
        }

        var prevDigit = prefixEnd > 0; // a base prefix counts as a digit
        for (var i = prefixEnd; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                if (!prevDigit || i + 1 >= s.Length || GoStrings.DigitVal(s[i + 1]) == 16)
                {
                    return false;
                }

                prevDigit = false;
                continue;
            }

            prevDigit = GoStrings.DigitVal(c) < 16;
        }

        return true;
    }
}
