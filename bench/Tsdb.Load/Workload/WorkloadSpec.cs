namespace Tsdb.Load.Workload;

/// <summary>How requests carry samples: one series entry per sample (Prometheus), or many samples per entry.</summary>
internal enum RequestShape
{
    PerSample,
    PerSeries,
}

/// <summary>The workload's parameters; the same spec yields the same bytes on every run.</summary>
internal sealed record WorkloadSpec(
    int Series,
    int SamplesPerSeries,
    int Instances,
    int IntervalSeconds,
    RequestShape Shape,
    int SamplesPerRequest,
    int SamplesPerEntry,
    int Senders,
    ulong Seed,
    long EndUnixSeconds)
{
    public long IntervalMs => IntervalSeconds * 1000L;

    /// <summary>Latest sample time (before the per-instance scrape offset).</summary>
    public long EndMs => EndUnixSeconds * 1000L;

    /// <summary>Earliest sample time, allowing for the largest scrape offset.</summary>
    public long StartMs => EndMs - (SamplesPerSeries - 1) * IntervalMs - IntervalMs;

    public long TotalSamples => (long)Series * SamplesPerSeries;
}
