namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// <c>load &lt;interval&gt;</c> or <c>load_with_nhcb &lt;interval&gt;</c> and its series lines. Point i of a
/// series is at <c>i * Interval</c> ms after the epoch (test.go starts every load at time 0). When a
/// block names the same series twice, the last line wins (as in test.go).
/// </summary>
public sealed class LoadCommand(int line, long intervalMs, bool withNhcb, IReadOnlyList<SeriesDescription> series) : ScriptCommand(line)
{
    public long IntervalMs { get; } = intervalMs;

    /// <summary>
    /// <c>load_with_nhcb</c>: classic histogram series (<c>_bucket</c>, <c>_count</c>, <c>_sum</c>) are also
    /// loaded as native histograms with custom buckets under the base name.
    /// </summary>
    public bool WithNhcb { get; } = withNhcb;

    public IReadOnlyList<SeriesDescription> Series { get; } = series;

    public override string ToString() => WithNhcb ? "load_with_nhcb" : "load";
}
