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

    /// <summary>
    /// Rounds to the source's resolution (centiseconds, bytes, pages). Fractions divide by the
    /// integer scale so 5435.97 comes out as the double nearest 5435.97, as an exporter parsing
    /// "5435.97" would send, not 5435.969999999999 (which compresses worse and is unrealistic).
    /// </summary>
    protected static double Round(double value, double resolution) =>
        resolution <= 0 ? value
        : resolution >= 1 ? Math.Round(value / resolution) * resolution
        : Math.Round(value / resolution) / Math.Round(1 / resolution);
}
