using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Go's time.Time and time.Duration text forms: <c>Time.String()</c>, <c>Time.Format(layout)</c> with Go's
/// reference-time layouts (<c>2006-01-02 15:04:05</c>), and <c>Duration.String()</c> (<c>1h2m3.5s</c>).
/// </summary>
internal static class GoTime
{
    private static readonly string[] LongMonths = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
    private static readonly string[] LongDays = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    public static DateTimeOffset ToOffset(object v) => v switch
    {
        DateTimeOffset o => o,
        DateTime d => d.Kind == DateTimeKind.Local ? new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero) : new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc), TimeSpan.Zero),
        _ => throw new TemplateArgumentException($"wrong type for value; expected time.Time; got {GoValues.TypeName(v)}"),
    };

    /// <summary>Go's <c>Time.String()</c>: <c>2006-01-02 15:04:05.999999999 -0700 MST</c>.</summary>
    public static string Format(DateTimeOffset t) => Format("2006-01-02 15:04:05.999999999 -0700 MST", t);

    /// <summary>Zone abbreviation: UTC for offset zero; otherwise Go prints the numeric offset when it knows no name.</summary>
    private static string ZoneName(DateTimeOffset t)
    {
        if (t.Offset == TimeSpan.Zero)
        {
            return "UTC";
        }

        var sb = new StringBuilder();
        AppendOffset(sb, t.Offset, colon: false, seconds: false, hoursOnly: false);
        return sb.ToString();
    }

    /// <summary>Go's <c>Time.Format</c> layout language (the std chunks of time/format.go).</summary>
    public static string Format(string layout, DateTimeOffset t)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            var rest = layout.AsSpan(i);
            var c = rest[0];
            int n;
            if ((n = Match(rest, "January")) > 0)
            {
                sb.Append(LongMonths[t.Month - 1]);
            }
            else if ((n = Match(rest, "Jan")) > 0)
            {
                sb.Append(LongMonths[t.Month - 1].AsSpan(0, 3));
            }
            else if ((n = Match(rest, "Monday")) > 0)
            {
                sb.Append(LongDays[(int)t.DayOfWeek]);
            }
            else if ((n = Match(rest, "Mon")) > 0)
            {
                sb.Append(LongDays[(int)t.DayOfWeek].AsSpan(0, 3));
            }
            else if ((n = Match(rest, "MST")) > 0)
            {
                sb.Append(ZoneName(t));
            }
            else if ((n = Match(rest, "2006")) > 0)
            {
                sb.Append(t.Year.ToString("D4", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "002")) > 0)
            {
                sb.Append(t.DayOfYear.ToString("D3", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "__2")) > 0)
            {
                sb.Append(t.DayOfYear.ToString(CultureInfo.InvariantCulture).PadLeft(3));
            }
            else if ((n = Match(rest, "_2")) > 0)
            {
                sb.Append(t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2));
            }
            else if ((n = Match(rest, "01")) > 0)
            {
                sb.Append(t.Month.ToString("D2", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "02")) > 0)
            {
                sb.Append(t.Day.ToString("D2", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "03")) > 0)
            {
                sb.Append(Hour12(t).ToString("D2", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "04")) > 0)
            {
                sb.Append(t.Minute.ToString("D2", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "05")) > 0)
            {
                sb.Append(t.Second.ToString("D2", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "06")) > 0)
            {
                sb.Append((t.Year % 100).ToString("D2", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "15")) > 0)
            {
                sb.Append(t.Hour.ToString("D2", CultureInfo.InvariantCulture));
            }
            else if ((n = Match(rest, "PM")) > 0)
            {
                sb.Append(t.Hour >= 12 ? "PM" : "AM");
            }
            else if ((n = Match(rest, "pm")) > 0)
            {
                sb.Append(t.Hour >= 12 ? "pm" : "am");
            }
            else if (c is '-' or 'Z' && (n = OffsetChunk(rest, out var colon, out var secs, out var hoursOnly)) > 0)
            {
                if (c == 'Z' && t.Offset == TimeSpan.Zero)
                {
                    sb.Append('Z');
                }
                else
                {
                    AppendOffset(sb, t.Offset, colon, secs, hoursOnly);
                }
            }
            else if (c is '.' or ',' && (n = FractionChunk(rest, out var digits, out var trim)) > 0)
            {
                AppendFraction(sb, c, t, digits, trim);
            }
            else if (c is '1' or '2' or '3' or '4' or '5')
            {
                n = 1;
                sb.Append((c switch
                {
                    '1' => t.Month,
                    '2' => t.Day,
                    '3' => Hour12(t),
                    '4' => t.Minute,
                    _ => t.Second,
                }).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                n = 1;
                sb.Append(c);
            }

            i += n;
        }

        return sb.ToString();
    }

    private static int Hour12(DateTimeOffset t) => t.Hour % 12 == 0 ? 12 : t.Hour % 12;

    private static int Match(ReadOnlySpan<char> s, string token) => s.StartsWith(token, StringComparison.Ordinal) ? token.Length : 0;

    private static int OffsetChunk(ReadOnlySpan<char> s, out bool colon, out bool seconds, out bool hoursOnly)
    {
        colon = seconds = hoursOnly = false;
        var p = s[0] == 'Z' ? "Z" : "-";
        foreach (var (form, c, sec, h) in new[] { ("070000", false, true, false), ("07:00:00", true, true, false), ("0700", false, false, false), ("07:00", true, false, false), ("07", false, false, true) })
        {
            if (s[1..].StartsWith(form, StringComparison.Ordinal))
            {
                colon = c;
                seconds = sec;
                hoursOnly = h;
                return p.Length + form.Length;
            }
        }

        return 0;
    }

    private static void AppendOffset(StringBuilder sb, TimeSpan offset, bool colon, bool seconds, bool hoursOnly)
    {
        sb.Append(offset < TimeSpan.Zero ? '-' : '+');
        var o = offset.Duration();
        sb.Append(o.Hours.ToString("D2", CultureInfo.InvariantCulture));
        if (hoursOnly)
        {
            return;
        }

        if (colon)
        {
            sb.Append(':');
        }

        sb.Append(o.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        if (seconds)
        {
            if (colon)
            {
                sb.Append(':');
            }

            sb.Append(o.Seconds.ToString("D2", CultureInfo.InvariantCulture));
        }
    }

    private static int FractionChunk(ReadOnlySpan<char> s, out int digits, out bool trim)
    {
        digits = 0;
        trim = false;
        if (s.Length < 2 || (s[1] != '0' && s[1] != '9'))
        {
            return 0;
        }

        var d = s[1];
        var j = 1;
        while (j < s.Length && s[j] == d)
        {
            j++;
        }

        // Go only treats the run as a fraction when no digit follows it.
        if (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            return 0;
        }

        digits = j - 1;
        trim = d == '9';
        return j;
    }

    private static void AppendFraction(StringBuilder sb, char sep, DateTimeOffset t, int digits, bool trim)
    {
        // .NET keeps 100 ns ticks; nanoseconds below that are zero.
        var nanos = (t.Ticks % TimeSpan.TicksPerSecond) * 100;
        var text = nanos.ToString("D9", CultureInfo.InvariantCulture)[..Math.Min(digits, 9)].PadRight(digits, '0');
        if (trim)
        {
            text = text.TrimEnd('0');
            if (text.Length == 0)
            {
                return;
            }
        }

        sb.Append(sep).Append(text);
    }

    /// <summary>Go's <c>Duration.String()</c>: <c>0s</c>, <c>1.5µs</c>, <c>2ms</c>, <c>1h0m0s</c>, <c>-3m4.5s</c>.</summary>
    public static string FormatDuration(TimeSpan d) => FormatDurationNanos(d.Ticks * 100);

    public static string FormatDurationNanos(long nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }

        var neg = nanos < 0;
        var u = neg ? (ulong)(-(nanos + 1)) + 1 : (ulong)nanos;
        var sb = new StringBuilder();
        if (u < 1_000_000_000)
        {
            // Sub-second: one unit with a fraction.
            (ulong scale, string unit) = u < 1000 ? (1UL, "ns") : u < 1_000_000 ? (1000UL, "µs") : (1_000_000UL, "ms");
            sb.Append(Fraction(u, scale)).Append(unit);
        }
        else
        {
            var seconds = u / 1_000_000_000;
            var frac = u % 1_000_000_000;
            var h = seconds / 3600;
            var m = seconds / 60 % 60;
            var s = seconds % 60;
            if (h > 0)
            {
                sb.Append(h.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (h > 0 || m > 0)
            {
                sb.Append(m.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            sb.Append(Fraction(s * 1_000_000_000 + frac, 1_000_000_000)).Append('s');
        }

        return neg ? "-" + sb : sb.ToString();
    }

    private static string Fraction(ulong v, ulong scale)
    {
        var whole = (v / scale).ToString(CultureInfo.InvariantCulture);
        var rem = v % scale;
        if (rem == 0)
        {
            return whole;
        }

        var width = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + rem.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0').TrimEnd('0');
    }
}
