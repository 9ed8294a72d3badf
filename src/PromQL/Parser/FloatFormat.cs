using System.Globalization;
using System.Text;

namespace Tsdb.PromQL.Parser;

/// <summary>Float formatting as Go's <c>strconv.FormatFloat</c> does it.</summary>
internal static class FloatFormat
{
    /// <summary><c>FormatFloat(v, 'f', -1, 64)</c>: the shortest round-tripping digits, never in exponent form; <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatShortestFixed(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(v))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(v))
        {
            return "-Inf";
        }

        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return r;
        }

        var exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = r.AsSpan(0, e);
        var negative = mantissa.Length > 0 && mantissa[0] == '-';
        if (negative)
        {
            mantissa = mantissa[1..];
        }

        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa.ToString() : string.Concat(mantissa[..dot], mantissa[(dot + 1)..]);
        var intLen = (dot < 0 ? mantissa.Length : dot) + exp; // digits before the decimal point
        var sb = new StringBuilder(digits.Length + Math.Abs(exp) + 3);
        if (negative)
        {
            sb.Append('-');
        }

        if (intLen <= 0)
        {
            sb.Append("0.").Append('0', -intLen).Append(digits);
        }
        else if (intLen >= digits.Length)
        {
            sb.Append(digits).Append('0', intLen - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, intLen).Append('.').Append(digits, intLen, digits.Length - intLen);
        }

        return sb.ToString();
    }

    /// <summary>Go's <c>%f</c> (six decimals), with Go's spelling of infinities and NaN.</summary>
    public static string FormatF6(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf"
            : v.ToString("F6", CultureInfo.InvariantCulture);
}
