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
        Span<byte> buf = stackalloc byte[MaxFloatBytes];
        return Encoding.UTF8.GetString(buf[..FormatFloat(f, buf)]);
    }

    /// <summary>Writes a sample value as a JSON string ("1.5", "NaN", "+Inf") without allocating.</summary>
    public static void WriteFloatString(Utf8JsonWriter w, double f)
    {
        ArgumentNullException.ThrowIfNull(w);
        Span<byte> buf = stackalloc byte[MaxFloatBytes];
        w.WriteStringValue(buf[..FormatFloat(f, buf)]);
    }

    // Fixed notation of the largest non-exponent value (< 1e21) and the smallest (>= 1e-6) fit easily.
    private const int MaxFloatBytes = 64;

    /// <summary>
    /// jsonutil.MarshalFloat: fixed notation for 1e-6 &lt;= |f| &lt; 1e21, else Go's exponent form
    /// (<c>1.5e-07</c>, <c>1e+21</c>), always the shortest round-tripping digits. Returns the length.
    /// </summary>
    internal static int FormatFloat(double f, Span<byte> dst)
    {
        if (double.IsNaN(f))
        {
            return Copy("NaN"u8, dst);
        }

        if (double.IsInfinity(f))
        {
            return Copy(f > 0 ? "+Inf"u8 : "-Inf"u8, dst);
        }

        if (f == 0)
        {
            return Copy(double.IsNegative(f) ? "-0"u8 : "0"u8, dst);
        }

        // The shortest round-tripping digits (what "R" and Go's precision -1 give), laid out as Go does below.
        var neg = f < 0;
        Span<byte> digits = stackalloc byte[24];
        var nd = ShortestDigits.Format(f, digits, out var lastExp);
        var ds = digits[..nd];
        var firstExp = lastExp + nd - 1;
        var o = 0;
        if (neg)
        {
            dst[o++] = (byte)'-';
        }

        var abs = Math.Abs(f);
        if (abs < 1e-6 || abs >= 1e21)
        {
            dst[o++] = ds[0];
            if (ds.Length > 1)
            {
                dst[o++] = (byte)'.';
                ds[1..].CopyTo(dst[o..]);
                o += ds.Length - 1;
            }

            dst[o++] = (byte)'e';
            dst[o++] = firstExp < 0 ? (byte)'-' : (byte)'+';
            var ae = Math.Abs(firstExp);
            if (ae < 10)
            {
                dst[o++] = (byte)'0';
            }

            ae.TryFormat(dst[o..], out var w, default, CultureInfo.InvariantCulture);
            return o + w;
        }

        var point = firstExp + 1;
        if (point <= 0)
        {
            dst[o++] = (byte)'0';
            dst[o++] = (byte)'.';
            dst.Slice(o, -point).Fill((byte)'0');
            o += -point;
            ds.CopyTo(dst[o..]);
            return o + ds.Length;
        }

        if (point >= ds.Length)
        {
            ds.CopyTo(dst[o..]);
            o += ds.Length;
            dst.Slice(o, point - ds.Length).Fill((byte)'0');
            return o + point - ds.Length;
        }

        ds[..point].CopyTo(dst[o..]);
        o += point;
        dst[o++] = (byte)'.';
        ds[point..].CopyTo(dst[o..]);
        return o + ds.Length - point;
    }

    /// <summary>Writes a millisecond timestamp as Unix seconds with exactly 3 fraction digits when not whole.</summary>
    public static void WriteTimestamp(Utf8JsonWriter w, long ms)
    {
        ArgumentNullException.ThrowIfNull(w);
        Span<byte> buf = stackalloc byte[32];
        w.WriteRawValue(buf[..FormatTimestamp(ms, buf)], skipInputValidation: true);
    }

    /// <summary>Unix seconds text of a millisecond timestamp (1435781451.781, 1.050, 1).</summary>
    public static string FormatTimestamp(long ms)
    {
        Span<byte> buf = stackalloc byte[32];
        return Encoding.ASCII.GetString(buf[..FormatTimestamp(ms, buf)]);
    }

    private static int FormatTimestamp(long ms, Span<byte> dst)
    {
        var o = 0;
        var neg = ms < 0;
        // Unsigned negation keeps long.MinValue exact (its magnitude does not fit a long).
        var a = neg ? 0UL - (ulong)ms : (ulong)ms;
        var sec = a / 1000;
        var frac = (int)(a - (sec * 1000));
        if (neg)
        {
            dst[o++] = (byte)'-';
        }

        sec.TryFormat(dst[o..], out var w, default, CultureInfo.InvariantCulture);
        o += w;
        if (frac != 0)
        {
            dst[o++] = (byte)'.';
            frac.TryFormat(dst[o..], out w, "000", CultureInfo.InvariantCulture);
            o += w;
        }

        return o;
    }

    private static int Copy(ReadOnlySpan<byte> s, Span<byte> dst)
    {
        s.CopyTo(dst);
        return s.Length;
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

    /// <summary>
    /// Writes [t, "v"] for a float sample without allocating, as one raw value: a range query writes a point per
    /// series and step, and the writer's per-token bookkeeping and escaping checks cost more than the formatting.
    /// Neither part can need escaping (digits, '.', '-', '+', 'e', NaN, Inf).
    /// </summary>
    public static void WritePoint(Utf8JsonWriter w, long t, double v)
    {
        ArgumentNullException.ThrowIfNull(w);
        Span<byte> buf = stackalloc byte[MaxPointBytes];
        var o = 0;
        buf[o++] = (byte)'[';
        o += FormatTimestamp(t, buf[o..]);
        buf[o++] = (byte)',';
        buf[o++] = (byte)'"';
        o += FormatFloat(v, buf[o..]);
        buf[o++] = (byte)'"';
        buf[o++] = (byte)']';
        w.WriteRawValue(buf[..o], skipInputValidation: true);
    }

    // '[', a timestamp (sign, 20 digits, '.', 3), ',', a quoted float, ']'.
    private const int MaxPointBytes = 32 + MaxFloatBytes + 8;

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
