namespace Tsdb.Load.Workload;

/// <summary>
/// Series whose values move together (a counter alone, or all series of one histogram), advanced
/// one scrape interval at a time. Groups own consecutive series indices in the workload.
/// </summary>
internal abstract class SeriesGroup
{
    /// <summary>Index of the group's first series in the workload.</summary>
    public int FirstSeries { get; set; }

    /// <summary>How many of the group's series are emitted; the last group of an instance may be cut short.</summary>
    public int Emitted { get; set; }

    /// <summary>Advances one interval and writes the first <c>values.Length</c> series' values.</summary>
    public abstract void Step(Span<double> values);

    protected static double Round(double value, double resolution) =>
        resolution > 0 ? Math.Round(value / resolution) * resolution : value;
}
