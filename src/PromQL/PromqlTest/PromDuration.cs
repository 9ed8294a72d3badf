namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Durations and times as promqltest writes them (prometheus/common model.ParseDuration): <c>0</c>, or
/// unit terms from the largest to the smallest without repeats (<c>1h30m</c>, <c>90s</c>, <c>1ms</c>);
/// units y (365 d), w, d, h, m, s, ms; no sign and no fractions. Times are offsets from the Unix epoch.
/// </summary>
public static class PromDuration
{
    private static readonly (string Unit, long Millis)[] Units =
    [
        ("y", 365L * 24 * 60 * 60 * 1000),
        ("w", 7L * 24 * 60 * 60 * 1000),
        ("d", 24L * 60 * 60 * 1000),
        ("h", 60L * 60 * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    /// <summary>Parses to milliseconds; throws <see cref="FormatException"/> with a Prometheus-like message.</summary>
    public static long Parse(string s)
    {
        if (TryParse(s, out var ms, out var error))
        {
            return ms;
        }

        throw new FormatException(error);
    }

    public static bool TryParse(string s, out long milliseconds) => TryParse(s, out milliseconds, out _);

    public static bool TryParse(string s, out long milliseconds, out string error)
    {
        milliseconds = 0;
        error = "";
        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            error = "empty duration string";
            return false;
        }

        var pos = 0;
        var lastUnit = -1;
        long total = 0;
        while (pos < s.Length)
        {
            var start = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }

            if (pos == start)
            {
                error = $"not a valid duration string: \"{s}\"";
                return false;
            }

            if (!ulong.TryParse(s.AsSpan(start, pos - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                error = $"duration out of range: \"{s}\"";
                return false;
            }

            var unitStart = pos;
            while (pos < s.Length && !char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }

            if (pos == unitStart)
            {
                error = $"not a valid duration string: \"{s}\"";
                return false;
            }

            var unit = s[unitStart..pos];
            var index = Array.FindIndex(Units, u => u.Unit == unit);
            if (index < 0)
            {
                error = $"unknown unit \"{unit}\" in duration \"{s}\"";
                return false;
            }

            if (index <= lastUnit)
            {
                error = $"not a valid duration string: \"{s}\"";
                return false;
            }

            lastUnit = index;
            var mult = Units[index].Millis;
            if (v > (ulong)(long.MaxValue / mult) || total > long.MaxValue - ((long)v * mult))
            {
                error = "duration out of range";
                return false;
            }

            total += (long)v * mult;
        }

        milliseconds = total;
        return true;
    }
}
