using System.Globalization;
using System.Text;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Prometheus's FormatOpenMetricsFloat: Go's shortest <c>%g</c> rendering (exponent form below 1e-4
/// and from 1e6, with at least two exponent digits) plus ".0" when the result has neither '.' nor 'e'.
/// Prometheus 3 rewrites histogram <c>le</c> and summary <c>quantile</c> label values with it, so
/// <c>le="1"</c> and <c>le="1.0"</c> are the same series.
/// </summary>
internal static class OpenMetricsFloat
{
    public static string Format(double f)
    {
        if (f == 1)
        {
            return "1.0";
        }

        if (f == 0)
        {
            return "0.0";
        }

        if (f == -1)
        {
            return "-1.0";
        }

        if (double.IsNaN(f))
        {
            return "NaN";
        }

        if (double.IsInfinity(f))
        {
            return f > 0 ? "+Inf" : "-Inf";
        }

        // .NET's "R" gives the same shortest round-trip digits as Go; only the layout differs.
        var r = Math.Abs(f).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var exp10 = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var digits = (intPart + (dot < 0 ? string.Empty : mantissa[(dot + 1)..])).TrimEnd('0');
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leading..];

        // The value is 0.<digits> x 10^dp, as in Go's decimal conversion.
        var dp = intPart.Length + exp10 - leading;
        var sb = new StringBuilder(24);
        if (f < 0)
        {
            sb.Append('-');
        }

        var exp = dp - 1;
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var abs = Math.Abs(exp);
            if (abs < 10)
            {
                sb.Append('0');
            }

            sb.Append(abs.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (dp <= 0)
        {
            sb.Append("0.").Append('0', -dp).Append(digits);
        }
        else if (dp >= digits.Length)
        {
            sb.Append(digits).Append('0', dp - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, dp).Append('.').Append(digits, dp, digits.Length - dp);
        }

        return sb.ToString();
    }
}
