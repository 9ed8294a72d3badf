using System.Globalization;
using System.Text;

namespace Tsdb.Api.Federation;

/// <summary>
/// Sample values as the Prometheus text format writes them (expfmt writeFloat): <c>1</c>, <c>0</c>,
/// <c>-1</c>, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>, otherwise Go's
/// <c>strconv.FormatFloat(f, 'g', -1, 64)</c>: the shortest round-tripping digits, in exponent form
/// (<c>1.5e+06</c>, <c>1e-05</c>) when the decimal exponent is below -4 or at least 6.
/// </summary>
internal static class GoFloatText
{
    public static void Append(StringBuilder sb, double v)
    {
        if (double.IsNaN(v))
        {
            sb.Append("NaN");
            return;
        }

        if (double.IsInfinity(v))
        {
            sb.Append(v > 0 ? "+Inf" : "-Inf");
            return;
        }

        if (v == 0)
        {
            // Go compares f == 0, which -0 also satisfies.
            sb.Append('0');
            return;
        }

        // .NET's "R" is also the shortest round trip; only the layout differs from Go's.
        var r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var exp10 = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intLen = dot < 0 ? mantissa.Length : dot;
        var all = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        var digits = all.TrimStart('0');

        // Position of the decimal point relative to the first significant digit.
        var point = intLen + exp10 - (all.Length - digits.Length);
        digits = digits.TrimEnd('0');
        var x = point - 1;
        if (v < 0)
        {
            sb.Append('-');
        }

        if (x < -4 || x >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(x < 0 ? '-' : '+').Append(Math.Abs(x).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            sb.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
    }
}
