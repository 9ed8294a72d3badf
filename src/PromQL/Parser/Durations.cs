using System.Globalization;
using System.Text;

namespace Tsdb.PromQL.Parser;

/// <summary>Prometheus duration strings (<c>model.ParseDuration</c> / <c>model.Duration.String</c>), in milliseconds.</summary>
internal static class Durations
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private const long Week = 7 * Day;
    private const long Year = 365 * Day;

    /// <summary>The largest duration in milliseconds that fits a Go <c>time.Duration</c> (int64 nanoseconds).</summary>
    public const long MaxMillis = long.MaxValue / 1_000_000;

    /// <summary>Parses <c>1h30m</c>, <c>250ms</c>, <c>1y</c> ... into milliseconds; null and an error text if invalid.</summary>
    public static long? TryParse(string s, out string? error)
    {
        error = null;
        switch (s)
        {
            case "0":
                return 0;
            case "":
                error = "empty duration string";
                return null;
        }

        long total = 0;
        var lastUnit = 0;
        var i = 0;
        while (i < s.Length)
        {
            if (!IsDigit(s[i]))
            {
                error = $"not a valid duration string: {GoStrings.Quote(s)}";
                return null;
            }

            var start = i;
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }

            if (!ulong.TryParse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                error = $"not a valid duration string: {GoStrings.Quote(s)}";
                return null;
            }

            var unitStart = i;
            while (i < s.Length && !IsDigit(s[i]))
            {
                i++;
            }

            if (i == unitStart)
            {
                error = $"not a valid duration string: {GoStrings.Quote(s)}";
                return null;
            }

            var unit = s[unitStart..i];
            var (pos, mult) = unit switch
            {
                "y" => (1, Year),
                "w" => (2, Week),
                "d" => (3, Day),
                "h" => (4, Hour),
                "m" => (5, Minute),
                "s" => (6, Second),
                "ms" => (7, 1L),
                _ => (0, 0L),
            };
            if (pos == 0)
            {
                error = $"unknown unit {GoStrings.Quote(unit)} in duration {GoStrings.Quote(s)}";
                return null;
            }

            if (pos <= lastUnit)
            {
                error = $"not a valid duration string: {GoStrings.Quote(s)}";
                return null;
            }

            lastUnit = pos;
            if (v > (ulong)(MaxMillis / mult))
            {
                error = "duration out of range";
                return null;
            }

            total += (long)v * mult;
            if (total > MaxMillis)
            {
                error = "duration out of range";
                return null;
            }
        }

        return total;
    }

    /// <summary><c>model.Duration.String()</c>: <c>1h30m</c>, <c>90d</c>, <c>0s</c>; years and weeks only when exact.</summary>
    public static string Format(long ms)
    {
        if (ms == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (ms < 0)
        {
            // Not produced by Prometheus (it prints offsets as "-" + String(-d)); kept total for safety.
            sb.Append('-');
            ms = -ms;
        }

        Append(sb, ref ms, "y", Year, exact: true);
        Append(sb, ref ms, "w", Week, exact: true);
        Append(sb, ref ms, "d", Day, exact: false);
        Append(sb, ref ms, "h", Hour, exact: false);
        Append(sb, ref ms, "m", Minute, exact: false);
        Append(sb, ref ms, "s", Second, exact: false);
        Append(sb, ref ms, "ms", 1, exact: false);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ref long ms, string unit, long mult, bool exact)
    {
        if (exact && ms % mult != 0)
        {
            return;
        }

        var v = ms / mult;
        if (v > 0)
        {
            sb.Append(v.ToString(CultureInfo.InvariantCulture)).Append(unit);
            ms -= v * mult;
        }
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}
