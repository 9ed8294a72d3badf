using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Go's strconv float formatting (%e %f %g, shortest or with a precision). .NET gives the correctly rounded
/// (or shortest round-trip) decimal digits; this class only arranges them the way Go does, since the
/// layouts differ (<c>1e+06</c> vs <c>1E+06</c>, Go's %g switching rule, trimmed zeros).
/// </summary>
internal static class GoFloat
{
    /// <summary>%g / %v: <paramref name="precision"/> -1 means shortest (what %v uses).</summary>
    public static string FormatG(double v, int precision, bool upper = false)
    {
        if (!double.IsFinite(v))
        {
            return NonFinite(v);
        }

        var shortest = precision < 0;
        if (precision == 0)
        {
            precision = 1;
        }

        var (digits, dp) = shortest ? Shortest(v) : Rounded(v, precision);
        // Go: %e is used if the exponent is less than -4 or at least the precision; the shortest form
        // decides with precision 6 (strconv/ftoa.go), so 1e6 prints as 1e+06 but 100000 stays 100000.
        var eprec = shortest ? 6 : precision;
        var exp = dp - 1;
        var sb = new StringBuilder();
        if (v < 0 || (v == 0 && double.IsNegative(v)))
        {
            sb.Append('-');
        }

        if (digits.Length > 0 && (exp < -4 || exp >= eprec))
        {
            AppendE(sb, digits, dp, digits.Length - 1, upper ? 'E' : 'e');
        }
        else
        {
            AppendF(sb, digits, dp, Math.Max(digits.Length - dp, 0));
        }

        return sb.ToString();
    }

    /// <summary>%e with a precision (digits after the point); -1 is shortest.</summary>
    public static string FormatE(double v, int precision, bool upper = false)
    {
        if (!double.IsFinite(v))
        {
            return NonFinite(v);
        }

        var (digits, dp) = precision < 0 ? Shortest(v) : Rounded(v, precision + 1);
        if (precision < 0)
        {
            precision = Math.Max(digits.Length - 1, 0);
        }

        var sb = new StringBuilder();
        if (v < 0 || (v == 0 && double.IsNegative(v)))
        {
            sb.Append('-');
        }

        AppendE(sb, digits, dp, precision, upper ? 'E' : 'e');
        return sb.ToString();
    }

    /// <summary>%f with a precision; -1 is shortest.</summary>
    public static string FormatF(double v, int precision)
    {
        if (!double.IsFinite(v))
        {
            return NonFinite(v);
        }

        if (precision >= 0)
        {
            return v.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        var (digits, dp) = Shortest(v);
        var sb = new StringBuilder();
        if (v < 0)
        {
            sb.Append('-');
        }

        AppendF(sb, digits, dp, Math.Max(digits.Length - dp, 0));
        return sb.ToString();
    }

    private static string NonFinite(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";

    /// <summary>Shortest round-trip digits of |v| without leading/trailing zeros; value = 0.digits × 10^dp.</summary>
    private static (string Digits, int Dp) Shortest(double v) =>
        Split(Math.Abs(v).ToString("R", CultureInfo.InvariantCulture));

    private static (string Digits, int Dp) Rounded(double v, int significant) =>
        Split(Math.Abs(v).ToString("E" + (significant - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    private static (string Digits, int Dp) Split(string s)
    {
        var exp = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        var point = s.IndexOf('.', StringComparison.Ordinal);
        var intPart = point >= 0 ? s[..point] : s;
        var digits = point >= 0 ? intPart + s[(point + 1)..] : intPart;
        var dp = intPart.Length + exp;
        var start = 0;
        while (start < digits.Length && digits[start] == '0')
        {
            start++;
            dp--;
        }

        var end = digits.Length;
        while (end > start && digits[end - 1] == '0')
        {
            end--;
        }

        return start == end ? ("", 0) : (digits[start..end], dp);
    }

    private static void AppendE(StringBuilder sb, string digits, int dp, int fraction, char e)
    {
        sb.Append(digits.Length > 0 ? digits[0] : '0');
        if (fraction > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= fraction; i++)
            {
                sb.Append(i < digits.Length ? digits[i] : '0');
            }
        }

        var exp = digits.Length == 0 ? 0 : dp - 1;
        sb.Append(e).Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        if (exp < 10)
        {
            sb.Append('0');
        }

        sb.Append(exp.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendF(StringBuilder sb, string digits, int dp, int fraction)
    {
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++)
            {
                sb.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        else
        {
            sb.Append('0');
        }

        if (fraction > 0)
        {
            sb.Append('.');
            for (var i = 0; i < fraction; i++)
            {
                var j = dp + i;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }
    }
}
