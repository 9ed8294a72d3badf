namespace Tsdb.Load.Workload;

/// <summary>
/// The series one host exposes: node_exporter-like metrics plus an application's, about 50 metric
/// names. The order matters: every workload takes a prefix per instance, so the series the fixed
/// queries read (and one whole histogram) come first, then the rest of a realistic host, then as
/// many more request handlers as the series count asks for.
/// </summary>
internal static class Catalog
{
    // Prometheus client default buckets.
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] DbBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1];
    private static readonly string[] CpuModes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];

    /// <summary>Rare enough that most series never reset, common enough that every workload has some.</summary>
    private const double ResetChance = 1.0 / 3000;

    public static IEnumerable<GroupTemplate> PerInstance(double interval)
    {
        // Core: what the fixed queries read, so even 20 series per instance answer every query.
        yield return Constant(JobKind.Node, "up", 1);
        yield return Counter(JobKind.Node, "node_cpu_seconds_total", 0.6 * interval, 0.01, "cpu", "0", "mode", "user");
        yield return Counter(JobKind.Node, "node_cpu_seconds_total", 0.2 * interval, 0.01, "cpu", "0", "mode", "system");
        yield return Gauge(JobKind.Node, "node_load1", 1.5, 0.1, 0.01);
        yield return Counter(JobKind.Node, "node_network_receive_bytes_total", 2e6 * interval, 1, "device", "eth0");
        yield return Counter(JobKind.App, "http_requests_total", 50 * interval, 1, "code", "200", "handler", "/", "method", "GET");
        yield return Histogram(JobKind.App, "http_request_duration_seconds", LatencyBuckets, 50 * interval, 0.08, "handler", "/");

        // The rest of the host.
        for (var cpu = 0; cpu < 2; cpu++)
        {
            foreach (var mode in CpuModes)
            {
                if (cpu == 0 && mode is "user" or "system")
                {
                    continue;
                }

                var share = mode == "idle" ? 0.7 : 0.02;
                yield return Counter(JobKind.Node, "node_cpu_seconds_total", share * interval, 0.01, "cpu", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), "mode", mode);
            }
        }

        yield return Gauge(JobKind.Node, "node_load5", 1.5, 0.05, 0.01);
        yield return Gauge(JobKind.Node, "node_load15", 1.5, 0.02, 0.01);
        yield return Counter(JobKind.Node, "node_network_receive_bytes_total", 1e5 * interval, 1, "device", "lo");
        foreach (var device in (string[])["eth0", "lo"])
        {
            yield return Counter(JobKind.Node, "node_network_transmit_bytes_total", 1e6 * interval, 1, "device", device);
            yield return Counter(JobKind.Node, "node_network_receive_packets_total", 2e3 * interval, 1, "device", device);
            yield return Counter(JobKind.Node, "node_network_transmit_packets_total", 1e3 * interval, 1, "device", device);
        }

        yield return Gauge(JobKind.Node, "node_memory_MemAvailable_bytes", 6e9, 3e7, 4096);
        yield return Gauge(JobKind.Node, "node_memory_MemFree_bytes", 1e9, 2e7, 4096);
        yield return Gauge(JobKind.Node, "node_memory_Cached_bytes", 4e9, 1e7, 4096);
        yield return Gauge(JobKind.Node, "node_memory_Buffers_bytes", 2e8, 1e6, 4096);
        yield return Constant(JobKind.Node, "node_memory_MemTotal_bytes", 17179869184);
        foreach (var mount in (string[])["/", "/data"])
        {
            var device = mount == "/" ? "/dev/sda1" : "/dev/sdb1";
            yield return Gauge(JobKind.Node, "node_filesystem_avail_bytes", 5e10, 1e6, 4096, "device", device, "fstype", "ext4", "mountpoint", mount);
            yield return Constant(JobKind.Node, "node_filesystem_size_bytes", 107374182400, "device", device, "fstype", "ext4", "mountpoint", mount);
        }

        yield return Counter(JobKind.Node, "node_disk_read_bytes_total", 5e5 * interval, 512, "device", "sda");
        yield return Counter(JobKind.Node, "node_disk_written_bytes_total", 2e6 * interval, 512, "device", "sda");
        yield return Counter(JobKind.Node, "node_disk_io_time_seconds_total", 0.05 * interval, 0.001, "device", "sda");
        yield return Counter(JobKind.Node, "node_context_switches_total", 5e3 * interval, 1);
        yield return Counter(JobKind.Node, "node_intr_total", 3e3 * interval, 1);
        yield return Counter(JobKind.Node, "node_forks_total", 5 * interval, 1);
        yield return Counter(JobKind.Node, "node_vmstat_pgfault", 1e4 * interval, 1);
        yield return Gauge(JobKind.Node, "node_procs_running", 3, 1, 1);
        yield return Gauge(JobKind.Node, "node_procs_blocked", 0.5, 0.5, 1);
        yield return Gauge(JobKind.Node, "node_entropy_available_bits", 3500, 20, 1);
        yield return Gauge(JobKind.Node, "node_sockstat_TCP_inuse", 80, 3, 1);
        yield return Gauge(JobKind.Node, "node_netstat_Tcp_CurrEstab", 60, 3, 1);
        yield return Constant(JobKind.Node, "node_boot_time_seconds", 1.7e9);
        yield return Constant(JobKind.Node, "node_uname_info", 1, "machine", "x86_64", "release", "6.1.0-28-amd64", "sysname", "Linux");

        yield return Constant(JobKind.App, "up", 1);
        yield return Constant(JobKind.App, "app_build_info", 1, "goversion", "go1.22.5", "version", "2.4.1");
        yield return Constant(JobKind.App, "process_start_time_seconds", 1.75e9);
        yield return Counter(JobKind.App, "process_cpu_seconds_total", 0.3 * interval, 0.01);
        yield return Gauge(JobKind.App, "process_resident_memory_bytes", 3e8, 2e6, 4096);
        yield return Gauge(JobKind.App, "process_open_fds", 120, 2, 1);
        yield return Gauge(JobKind.App, "go_goroutines", 200, 5, 1);
        yield return Gauge(JobKind.App, "go_threads", 16, 0.3, 1);
        yield return Gauge(JobKind.App, "go_memstats_alloc_bytes", 1e8, 5e6, 8);
        yield return Gauge(JobKind.App, "go_memstats_heap_inuse_bytes", 1.2e8, 3e6, 8192);
        yield return Counter(JobKind.App, "go_gc_duration_seconds_count", 0.5 * interval, 1);
        yield return Counter(JobKind.App, "go_gc_duration_seconds_sum", 0.0005 * interval, 1e-6);
        yield return Gauge(JobKind.App, "app_queue_depth", 10, 2, 1);
        yield return Gauge(JobKind.App, "app_inflight_requests", 5, 1, 1);
        yield return Counter(JobKind.App, "app_cache_hits_total", 300 * interval, 1);
        yield return Counter(JobKind.App, "app_cache_misses_total", 20 * interval, 1);
        yield return Counter(JobKind.App, "app_errors_total", 0.1 * interval, 1, "type", "timeout");
        yield return Counter(JobKind.App, "app_errors_total", 0.05 * interval, 1, "type", "validation");
        yield return Histogram(JobKind.App, "app_db_query_duration_seconds", DbBuckets, 80 * interval, 0.004, "op", "select");
        yield return Histogram(JobKind.App, "app_db_query_duration_seconds", DbBuckets, 10 * interval, 0.01, "op", "insert");
        yield return Counter(JobKind.App, "http_requests_total", 0.5 * interval, 1, "code", "500", "handler", "/", "method", "GET");
        yield return Counter(JobKind.App, "http_requests_total", 5 * interval, 1, "code", "200", "handler", "/", "method", "POST");

        // Beyond a host's worth, more handlers: how applications grow in cardinality.
        for (var handler = 1; ; handler++)
        {
            var path = "/api/v1/resource" + handler.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return Counter(JobKind.App, "http_requests_total", 20 * interval, 1, "code", "200", "handler", path, "method", "GET");
            yield return Counter(JobKind.App, "http_requests_total", 0.2 * interval, 1, "code", "500", "handler", path, "method", "GET");
            yield return Histogram(JobKind.App, "http_request_duration_seconds", LatencyBuckets, 20 * interval, 0.05, "handler", path);
        }
    }

    private static GroupTemplate Constant(JobKind job, string name, double value, params string[] labels) =>
        new(job, [Labels(name, labels)], _ => new ConstantGroup(value));

    private static GroupTemplate Counter(JobKind job, string name, double perInterval, double resolution, params string[] labels) =>
        new(job, [Labels(name, labels)], rng => new CounterGroup(rng, perInterval, resolution, ResetChance));

    private static GroupTemplate Gauge(JobKind job, string name, double mean, double sigma, double resolution, params string[] labels) =>
        new(job, [Labels(name, labels)], rng => new GaugeGroup(rng, mean, sigma, resolution));

    private static GroupTemplate Histogram(JobKind job, string name, double[] upperBounds, double perInterval, double medianSeconds, params string[] labels)
    {
        var series = new List<KeyValuePair<string, string>[]>(HistogramGroup.SeriesCount(upperBounds.Length));
        foreach (var le in upperBounds)
        {
            series.Add(Labels(name + "_bucket", [.. labels, "le", le.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]));
        }

        series.Add(Labels(name + "_bucket", [.. labels, "le", "+Inf"]));
        series.Add(Labels(name + "_sum", labels));
        series.Add(Labels(name + "_count", labels));
        return new(job, series, rng => new HistogramGroup(rng, upperBounds, perInterval, medianSeconds, ResetChance));
    }

    private static KeyValuePair<string, string>[] Labels(string name, string[] nameValues)
    {
        var result = new KeyValuePair<string, string>[1 + nameValues.Length / 2];
        result[0] = new("__name__", name);
        for (var i = 0; i < nameValues.Length; i += 2)
        {
            result[1 + i / 2] = new(nameValues[i], nameValues[i + 1]);
        }

        return result;
    }
}
