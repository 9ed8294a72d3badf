namespace Tsdb.Load.Report;

/// <summary>Nearest-rank percentiles over latencies in milliseconds.</summary>
internal static class Percentiles
{
    public static double Of(List<double> sortedMs, double p) =>
        sortedMs.Count == 0 ? double.NaN : sortedMs[Math.Clamp((int)Math.Ceiling(p / 100 * sortedMs.Count) - 1, 0, sortedMs.Count - 1)];

    public static double Median(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        return Of(sorted, 50);
    }
}
