using System.Globalization;
using System.Text;

namespace Tsdb.Config;

/// <summary>
/// Prometheus durations as written in config files (prometheus/common model.Duration): one or more
/// integer+unit terms in descending unit order, units y w d h m s ms, e.g. <c>1h30m</c>, <c>90s</c>,
/// <c>0</c>. A year is 365 days, as in Prometheus.
/// </summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000),
        ("ms", 1),
    ];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        long total = 0;
        var lastUnit = -1;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetterLower(text[i]))
            {
                i++;
            }

            var unit = text[unitStart..i];
            var u = Array.FindIndex(Units, x => x.Unit == unit);
            if (u <= lastUnit)
            {
                // Unknown unit, or units out of order / repeated ("1s1h", "1m1m").
                return false;
            }

            lastUnit = u;
            try
            {
                total = checked(total + checked(n * Units[u].Ms));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"not a valid duration string: \"{text}\"");

    /// <summary>Prometheus's canonical spelling: largest units first, zero terms omitted (<c>1h30m</c>, <c>0s</c>).</summary>
    public static string Format(TimeSpan d)
    {
        var ms = (long)d.TotalMilliseconds;
        if (ms == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (ms < 0)
        {
            sb.Append('-');
            ms = -ms;
        }

        foreach (var (unit, unitMs) in Units)
        {
            // Prometheus prints years and weeks only when the whole value is a whole number of them.
            if (unit is "y" or "w" && ms % unitMs != 0)
            {
                continue;
            }

            if (ms >= unitMs)
            {
                sb.Append(ms / unitMs).Append(unit);
                ms %= unitMs;
            }
        }

        return sb.ToString();
    }
}
