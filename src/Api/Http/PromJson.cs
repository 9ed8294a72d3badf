using System.Globalization;
using System.Text;
using System.Text.Json;
using Tsdb.Storage;

namespace Tsdb.Api.Http;

/// <summary>Prometheus's number and time encodings (jsonutil.MarshalFloat / MarshalTimestamp).</summary>
public static class PromJson
{
    /// <summary>Formats a sample value like Go's strconv.AppendFloat(f, 'f' or 'e', -1, 64).</summary>
    public static string FormatFloat(double f)
    {
        if (double.IsNaN(f))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(f))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(f))
        {
            return "-Inf";
        }

        if (f == 0)
        {
            return double.IsNegative(f) ? "-0" : "0";
        }

        var r = f.ToString("R", CultureInfo.InvariantCulture);
        var abs = Math.Abs(f);
        var useExp = abs < 1e-6 || abs >= 1e21;
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (useExp)
        {
            if (e < 0)
            {
                r = f.ToString("E16", CultureInfo.InvariantCulture);
                e = r.IndexOf('E', StringComparison.Ordinal);
            }

            var mant = r[..e];
            var exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return mant + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }

        if (e < 0)
        {
            return r;
        }

        // Expand d.dddE±x to fixed notation.
        var neg = r[0] == '-';
        var m = r[(neg ? 1 : 0)..e];
        var x = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = m.Replace(".", "", StringComparison.Ordinal);
        var point = 1 + x; // position of decimal point within digits
        var sb = new StringBuilder();
        if (neg)
        {
            sb.Append('-');
        }

        if (point <= 0)
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

        return sb.ToString();
    }

    /// <summary>Writes a millisecond timestamp as Unix seconds with exactly 3 fraction digits when not whole.</summary>
    public static void WriteTimestamp(Utf8JsonWriter w, long ms)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteRawValue(FormatTimestamp(ms), skipInputValidation: true);
    }

    /// <summary>Unix seconds text of a millisecond timestamp (1435781451.781, 1.050, 1).</summary>
    public static string FormatTimestamp(long ms)
    {
        var neg = ms < 0;
        var a = neg ? -(decimal)ms : ms;
        var sec = decimal.Truncate(a / 1000);
        var frac = a - (sec * 1000);
        var s = (neg ? "-" : "") + sec.ToString(CultureInfo.InvariantCulture);
        return frac == 0 ? s : s + "." + frac.ToString("000", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a label set as a JSON object.</summary>
    public static void WriteLabels(Utf8JsonWriter w, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(labels);
        w.WriteStartObject();
        foreach (var l in labels)
        {
            w.WriteString(l.Name, l.Value);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes [t, "v"].</summary>
    public static void WritePoint(Utf8JsonWriter w, long t, string v)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartArray();
        WriteTimestamp(w, t);
        w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
