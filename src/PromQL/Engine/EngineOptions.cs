namespace Tsdb.PromQL;

/// <summary>Limits and defaults of the PromQL engine; every default lives here.</summary>
public sealed record EngineOptions
{
    /// <summary>The defaults: 5 m lookback, 2 m timeout, 50,000,000 samples, 11,000 points per series, 1 m subquery step.</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>How far back an instant vector selector looks for a sample (left-open window), in ms.</summary>
    public long LookbackDelta { get; init; } = 5 * 60 * 1000;

    /// <summary>Maximum wall time of one query.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Maximum number of samples held in memory at once by one query.</summary>
    public long MaxSamples { get; init; } = 50_000_000;

    /// <summary>Maximum number of steps of a range query.</summary>
    public long MaxPointsPerSeries { get; init; } = 11_000;

    /// <summary>Step of a subquery without an explicit step (Prometheus's default evaluation interval), in ms.</summary>
    public long DefaultSubqueryStep { get; init; } = 60 * 1000;
}
