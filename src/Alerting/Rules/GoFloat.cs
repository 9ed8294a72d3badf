using System.Globalization;

namespace Tsdb.Alerting.Rules;

/// <summary>Go's float formatting where rule output must match it byte for byte.</summary>
internal static class GoFloat
{
    /// <summary><c>strconv.FormatFloat(v, 'e', -1, 64)</c>: <c>1e+00</c>, <c>4.2e+01</c>, <c>NaN</c> (alert values in the API).</summary>
    public static string FormatE(double v)
    {
        if (v == 0 && !double.IsNaN(v))
        {
            return double.IsNegative(v) ? "-0e+00" : "0e+00";
        }

        if (Special(v) is { } s)
        {
            return s;
        }

        var (neg, digits, exp) = Decompose(v);
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return (neg ? "-" : "") + mantissa + "e" + Exponent(exp);
    }

    /// <summary><c>fmt.Sprint(v)</c> (<c>%v</c>): shortest digits, exponent form when exp &lt; -4 or &gt;= 6 (strconv shortest %g).</summary>
    public static string FormatV(double v)
    {
        if (Special(v) is { } s)
        {
            return s;
        }

        var (neg, digits, exp) = Decompose(v);
        string body;
        if (exp < -4 || exp >= 6)
        {
            body = (digits.Length == 1 ? digits : digits[0] + "." + digits[1..]) + "e" + Exponent(exp);
        }
        else if (exp < 0)
        {
            body = "0." + new string('0', -exp - 1) + digits;
        }
        else if (digits.Length <= exp + 1)
        {
            body = digits + new string('0', exp + 1 - digits.Length);
        }
        else
        {
            body = digits[..(exp + 1)] + "." + digits[(exp + 1)..];
        }

        return (neg ? "-" : "") + body;
    }

    private static string? Special(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v == 0 ? (double.IsNegative(v) ? "-0" : "0") : null;

    private static string Exponent(int exp) =>
        (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Shortest round-trip decimal digits (no trailing zeros) and the exponent of the first digit.</summary>
    private static (bool Neg, string Digits, int Exp) Decompose(double v)
    {
        // "R" gives the shortest round-trip digits; take them from its exponent form.
        var shortest = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        int exp;
        string digits;
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mant = e >= 0 ? shortest[..e] : shortest;
        var extra = e >= 0 ? int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mant.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mant[..dot] : mant;
        var frac = dot >= 0 ? mant[(dot + 1)..] : "";
        var all = (intPart + frac).TrimStart('0');
        var leadingZeros = (intPart + frac).Length - all.Length;
        exp = intPart.Length - 1 - leadingZeros + extra;
        digits = all.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        return (v < 0, digits, exp);
    }
}
