using System.Globalization;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Number text as promqltest reads it (test.go parseNumber and the series parser's number()): first as
/// an integer with base prefix (Go strconv.ParseInt(s, 0, 64): sign, <c>0x</c>/<c>0o</c>/<c>0b</c>, a
/// leading <c>0</c> meaning octal, <c>_</c> between digits), and if that fails as a float (Go
/// strconv.ParseFloat: decimal with exponent, hexadecimal with <c>p</c> exponent, <c>Inf</c>,
/// <c>Infinity</c>, <c>NaN</c> in any case).
/// </summary>
internal static class GoNumber
{
    public static bool TryParse(string s, out double value)
    {
        if (TryParseInt(s, out var n))
        {
            value = n;
            return true;
        }

        return TryParseFloat(s, out value);
    }

    private static bool TryParseInt(string s, out long value)
    {
        value = 0;
        var p = 0;
        var negative = false;
        if (p < s.Length && (s[p] == '+' || s[p] == '-'))
        {
            negative = s[p] == '-';
            p++;
        }

        var body = s[p..];
        var radix = 10;
        var prefixed = false;
        if (body.Length >= 2 && body[0] == '0')
        {
            switch (char.ToLowerInvariant(body[1]))
            {
                case 'x': radix = 16; body = body[2..]; prefixed = true; break;
                case 'o': radix = 8; body = body[2..]; prefixed = true; break;
                case 'b': radix = 2; body = body[2..]; prefixed = true; break;
                default: radix = 8; body = body[1..]; prefixed = true; break;
            }
        }

        if (body.Length == 0 && !(prefixed && radix == 8))
        {
            return false;
        }

        if (!UnderscoresOk(s[p..]))
        {
            return false;
        }

        ulong acc = 0;
        foreach (var c in body)
        {
            if (c == '_')
            {
                continue;
            }

            var d = DigitValue(c);
            if (d >= radix)
            {
                return false;
            }

            if (acc > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                return false;
            }

            acc = (acc * (ulong)radix) + (ulong)d;
        }

        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = acc == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)acc;
            return true;
        }

        if (acc > long.MaxValue)
        {
            return false;
        }

        value = (long)acc;
        return true;
    }

    /// <summary>Go's underscoreOK: underscores only between digits or after a base prefix.</summary>
    private static bool UnderscoresOk(string s)
    {
        if (!s.Contains('_', StringComparison.Ordinal))
        {
            return true;
        }

        // Go: '_' must separate digits (or follow the base prefix); a leading 0 octal counts as a prefix.
        var saw = '^';
        var i = 0;
        var hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.IsAsciiLetter(s[1]))
        {
            hex = char.ToLowerInvariant(s[1]) == 'x';
            i = 2;
            saw = '0';
        }
        else if (s.Length >= 1 && s[0] == '0')
        {
            saw = '0';
            i = 1;
        }

        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c)))
            {
                saw = '0';
                continue;
            }

            if (c == '_')
            {
                if (saw != '0')
                {
                    return false;
                }

                saw = '_';
                continue;
            }

            if (saw == '_')
            {
                return false;
            }

            saw = '!';
        }

        return saw != '_';
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => 99,
    };

    private static bool TryParseFloat(string s, out double value)
    {
        value = 0;
        var p = 0;
        var sign = 1.0;
        if (p < s.Length && (s[p] == '+' || s[p] == '-'))
        {
            sign = s[p] == '-' ? -1 : 1;
            p++;
        }

        var body = s[p..];
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (body.Length > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X'))
        {
            if (!UnderscoresOk(body) || !TryParseHexFloat(body[2..].Replace("_", "", StringComparison.Ordinal), out var h))
            {
                return false;
            }

            value = sign * h;
            return true;
        }

        // Decimal: digits [. digits] [e [sign] digits], at least one mantissa digit; no underscores.
        var i = 0;
        var mantissaDigits = 0;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < body.Length && body[i] == '.')
        {
            i++;
            while (i < body.Length && char.IsAsciiDigit(body[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < body.Length && (body[i] == 'e' || body[i] == 'E'))
        {
            i++;
            if (i < body.Length && (body[i] == '+' || body[i] == '-'))
            {
                i++;
            }

            var expStart = i;
            while (i < body.Length && char.IsAsciiDigit(body[i]))
            {
                i++;
            }

            if (i == expStart)
            {
                return false;
            }
        }

        if (i != body.Length)
        {
            return false;
        }

        // Out-of-range magnitudes become ±Inf in .NET; Go reports a range error (and promqltest an error).
        var parsed = double.Parse(body, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(parsed))
        {
            return false;
        }

        value = sign * parsed;
        return true;
    }

    /// <summary>Hexadecimal mantissa (digits with an optional point) and a mandatory binary exponent <c>p±n</c>.</summary>
    private static bool TryParseHexFloat(string s, out double value)
    {
        value = 0;
        var pIndex = s.IndexOfAny(['p', 'P']);
        if (pIndex <= 0)
        {
            return false;
        }

        double mantissa = 0;
        var fractionDigits = 0;
        var digits = 0;
        var seenPoint = false;
        for (var i = 0; i < pIndex; i++)
        {
            var c = s[i];
            if (c == '.')
            {
                if (seenPoint)
                {
                    return false;
                }

                seenPoint = true;
                continue;
            }

            var d = DigitValue(c);
            if (d >= 16)
            {
                return false;
            }

            mantissa = (mantissa * 16) + d;
            digits++;
            if (seenPoint)
            {
                fractionDigits++;
            }
        }

        if (digits == 0 || !int.TryParse(s.AsSpan(pIndex + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp))
        {
            return false;
        }

        value = Math.ScaleB(mantissa, exp - (4 * fractionDigits));
        return true;
    }
}
