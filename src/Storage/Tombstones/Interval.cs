namespace Tsdb.Storage.Tombstones;

/// <summary>A closed time range [MinT, MaxT] of deleted samples (Prometheus tombstones.Interval).</summary>
public readonly record struct Interval(long MinT, long MaxT)
{
    public bool Contains(long t) => t >= MinT && t <= MaxT;

    /// <summary>True when [mint, maxt] lies entirely inside this interval.</summary>
    public bool Covers(long mint, long maxt) => mint >= MinT && maxt <= MaxT;

    public bool Overlaps(long mint, long maxt) => MinT <= maxt && mint <= MaxT;
}
