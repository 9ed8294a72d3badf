using System.Diagnostics.Metrics;
using Tsdb.Storage;

namespace Tsdb.Api.Metrics;

/// <summary>Storage figures the Db already counts, exported as observable instruments with Prometheus's prometheus_tsdb_* names.</summary>
public sealed class StorageMetrics : IDisposable
{
    private readonly Meter _meter;

    /// <param name="db">the server's Db, null until open.</param>
    /// <param name="scope">the owning server, so a registry exports only its own server's storage (tests run several servers in one process).</param>
    public StorageMetrics(Func<Db?> db, object scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        _meter = new Meter("Tsdb.Storage.Db", null, null, scope);
        Gauge("prometheus_tsdb_head_series", "Total number of series in the head block.", d => d.Head.NumSeries);
        Counter("prometheus_tsdb_head_samples_appended_total", "Total number of appended samples.", d => d.Head.SamplesAppended);
        Counter("prometheus_tsdb_head_chunks_created_total", "Total number of chunks created in the head.", d => d.Head.ChunksCreated);
        Counter("prometheus_tsdb_head_series_created_total", "Total number of series created in the head.", d => d.Head.SeriesCreated);
        Counter("prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head.", d => d.Head.SeriesRemoved);
        Gauge("prometheus_tsdb_head_min_time", "Minimum time bound of the head block (ms).", d => d.Head.MinTime);
        Gauge("prometheus_tsdb_head_max_time", "Maximum timestamp of the head block (ms).", d => d.Head.MaxTime);
        Gauge("prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks.", d => d.Blocks.Count);
        Counter("prometheus_tsdb_compactions_total", "Total number of compactions that were executed for the partition.", d => d.CompactionsRun);
        Counter("prometheus_tsdb_compactions_failed_total", "Total number of compactions that failed for the partition.", d => d.CompactionsFailed);
        Counter("prometheus_tsdb_head_persisted_total", "Head ranges persisted as blocks.", d => d.HeadBlocksPersisted);
        Gauge("prometheus_tsdb_wal_storage_size_bytes", "Size of the write log directory.", d => DirSize(Path.Combine(d.Directory, "wal")));
        Gauge("prometheus_tsdb_storage_blocks_bytes", "The number of bytes that are currently used for local storage by all blocks.", d => d.Blocks.Sum(b => DirSize(Path.Combine(d.Directory, b.Ulid.ToString()))));

        void Gauge(string name, string help, Func<Db, double> read) =>
            _meter.CreateObservableGauge(name, () => db() is { } d ? [new Measurement<double>(read(d))] : Array.Empty<Measurement<double>>(), null, help);

        void Counter(string name, string help, Func<Db, double> read) =>
            _meter.CreateObservableCounter(name, () => db() is { } d ? [new Measurement<double>(read(d))] : Array.Empty<Measurement<double>>(), null, help);
    }

    public void Dispose() => _meter.Dispose();

    private static long DirSize(string dir)
    {
        try
        {
            return new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
