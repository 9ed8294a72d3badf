namespace Tsdb.Storage.Tests.Model;

/// <summary>
/// A reproducible random workload over a small universe of series, so collisions (same series, same
/// timestamp, out-of-order, exact repeats) are frequent. FsCheck supplies the seed; a failure prints
/// it, and the same seed replays the same appends and matchers.
/// </summary>
internal static class Workload
{
    public static readonly Labels[] SeriesPool = BuildPool();

    private static readonly string[] Values = ["api", "db", "1", "2", "", "api|db", "a.*", "x", ".+", ".*"];

    private static readonly string[] Names = ["__name__", "job", "instance", "absent"];

    private static readonly string[] MetricValues = ["up", "node_cpu", "only_name", "", "up|node_cpu", ".*_total", ".+"];

    private static readonly double[] SpecialValues = [double.NaN, StaleNaN.Value, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0, 1, 1e300];

    private static Labels[] BuildPool()
    {
        var pool = new List<Labels>();
        foreach (var name in new[] { "up", "http_requests_total", "node_cpu" })
        {
            foreach (var job in new[] { "api", "db", "" })
            {
                foreach (var inst in new[] { "1", "2" })
                {
                    pool.Add(Labels.FromStrings("__name__", name, "job", job, "instance", inst));
                }
            }
        }

        pool.Add(Labels.FromStrings("__name__", "only_name"));
        return [.. pool];
    }

    /// <summary>
    /// Appends whose time advances one step per op with a jitter of up to three steps either way.
    /// </summary>
    public static List<(Labels Labels, long T, double V)> Appends(Random rnd, int count, long baseTime, long step)
    {
        var result = new List<(Labels, long, double)>(count);
        var hot = rnd.Next(1, SeriesPool.Length + 1);
        for (var i = 0; i < count; i++)
        {
            var labels = SeriesPool[rnd.Next(hot)];
            var t = baseTime + (i + rnd.Next(-3, 4)) * step;
            var v = rnd.Next(4) == 0 ? SpecialValues[rnd.Next(SpecialValues.Length)] : rnd.Next(5) / 4.0;
            result.Add((labels, t, v));
        }

        return result;
    }

    public static Matcher[] Matchers(Random rnd)
    {
        var result = new List<Matcher>();
        var n = rnd.Next(1, 4);
        for (var i = 0; i < n; i++)
        {
            var name = Names[rnd.Next(Names.Length)];
            var value = name == "__name__" ? MetricValues[rnd.Next(MetricValues.Length)] : Values[rnd.Next(Values.Length)];
            var type = (MatchType)rnd.Next(4);
            if (type is MatchType.Equal or MatchType.NotEqual && value.Contains('*', StringComparison.Ordinal))
            {
                value = value.Replace("*", "", StringComparison.Ordinal);
            }

            result.Add(new Matcher(type, name, value));
        }

        return [.. result];
    }
}
