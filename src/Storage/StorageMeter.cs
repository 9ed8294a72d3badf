using System.Diagnostics.Metrics;

namespace Tsdb.Storage;

/// <summary>
/// Storage instruments the server exports on /metrics, with Prometheus's metric names. Counts the
/// Db already keeps (series, samples, compactions) are exported by the server from Db properties;
/// only what exists nowhere else (latencies) is recorded here.
/// </summary>
internal static class StorageMeter
{
    public static readonly Meter Meter = new("Tsdb.Storage");

    /// <summary>Seconds per WAL fsync, with Prometheus's summary name as a histogram.</summary>
    public static readonly Histogram<double> WalFsyncDuration = Meter.CreateHistogram(
        "prometheus_tsdb_wal_fsync_duration_seconds",
        unit: null,
        description: "Duration of write log fsync.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
}
