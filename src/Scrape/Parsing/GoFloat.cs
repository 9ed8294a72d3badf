using System.Globalization;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Parses sample values and OpenMetrics timestamps the way Prometheus does: Go's
/// <c>strconv.ParseFloat</c> minus the post-Go-1.13 forms it refuses (hex floats and underscores,
/// rejected through their <c>p</c>/<c>_</c> characters). Out-of-range literals such as <c>1e400</c>
/// are errors in Go, so they are here too, although .NET would round them to infinity.
/// </summary>
internal static class GoFloat
{
    /// <summary>The NaN Prometheus stores for a scraped NaN (value.NormalNaN), distinct from the stale marker.</summary>
    public const ulong NormalNaNBits = 0x7ff8000000000001UL;

    public static readonly double NormalNaN = BitConverter.UInt64BitsToDouble(NormalNaNBits);

    // Powers of ten exactly representable as doubles: mantissa / 10^k is then correctly rounded.
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<byte> s, out double value)
    {
        if (TryParseSimple(s, out value))
        {
            return true;
        }

        return TryParseGeneral(s, out value);
    }

    // Most scraped values are short integers or short decimals: with at most 15 significant digits
    // the mantissa is exact and one IEEE division by an exact power of ten rounds correctly.
    private static bool TryParseSimple(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                if (++digits > 15)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (c == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        value = fraction > 0 ? mantissa / Pow10[fraction] : mantissa;
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static bool TryParseGeneral(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        if (TryParseSpecial(s, out value))
        {
            return true;
        }

        // Only the characters of a decimal literal reach the runtime parser, so it cannot accept
        // spellings Go refuses ("Infinity" is handled above, "∞", whitespace, thousands separators).
        foreach (var c in s)
        {
            if (!(c is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
            {
                return false;
            }
        }

        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        // Go reports overflow as ErrRange; Prometheus fails the line.
        return !double.IsInfinity(value);
    }

    // Go's special values: [+-]inf, [+-]infinity and nan (no sign), case-insensitive.
    private static bool TryParseSpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var sign = 1.0;
        var rest = s;
        var signed = false;
        if (rest[0] == (byte)'+' || rest[0] == (byte)'-')
        {
            sign = rest[0] == (byte)'-' ? -1 : 1;
            rest = rest[1..];
            signed = true;
        }

        if (EqualsIgnoreCase(rest, "inf"u8) || EqualsIgnoreCase(rest, "infinity"u8))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (!signed && EqualsIgnoreCase(rest, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        return false;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lower)
    {
        if (s.Length != lower.Length)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if ((s[i] | 0x20) != lower[i])
            {
                return false;
            }
        }

        return true;
    }
}
