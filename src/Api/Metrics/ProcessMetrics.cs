using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tsdb.Api.Metrics;

/// <summary>Process and .NET runtime instruments with the names Prometheus client libraries use (process_*), plus GC figures.</summary>
public static class ProcessMetrics
{
    public static readonly Meter Meter = new("Tsdb.Process");

    private static readonly double StartTimeSeconds = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

    static ProcessMetrics()
    {
        Meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, null, "Total user and system CPU time spent in seconds.");
        Meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, null, "Resident memory size in bytes.");
        Meter.CreateObservableGauge("process_virtual_memory_bytes", () => { using var p = Process.GetCurrentProcess(); return p.VirtualMemorySize64; }, null, "Virtual memory size in bytes.");
        Meter.CreateObservableGauge("process_start_time_seconds", () => StartTimeSeconds, null, "Start time of the process since unix epoch in seconds.");
        Meter.CreateObservableGauge("process_open_fds", OpenFds, null, "Number of open file descriptors.");
        Meter.CreateObservableCounter("dotnet_gc_collections_total", () => new[]
        {
            new Measurement<long>(GC.CollectionCount(0), new KeyValuePair<string, object?>("generation", "0")),
            new Measurement<long>(GC.CollectionCount(1), new KeyValuePair<string, object?>("generation", "1")),
            new Measurement<long>(GC.CollectionCount(2), new KeyValuePair<string, object?>("generation", "2")),
        }, null, "Garbage collections since process start, by generation.");
        Meter.CreateObservableGauge("dotnet_gc_heap_size_bytes", () => GC.GetTotalMemory(false), null, "Bytes currently thought to be allocated on the managed heap.");
        Meter.CreateObservableCounter("dotnet_gc_allocated_bytes_total", () => GC.GetTotalAllocatedBytes(), null, "Bytes allocated on the managed heap since process start.");
        Meter.CreateObservableGauge("dotnet_threadpool_threads", () => ThreadPool.ThreadCount, null, "Thread-pool threads.");
    }

    /// <summary>Touches the static constructor so the instruments exist before the first scrape.</summary>
    public static void Register() => _ = StartTimeSeconds;

    private static long OpenFds()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
