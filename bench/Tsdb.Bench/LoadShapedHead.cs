using System.Globalization;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// A head shaped like bench/Tsdb.Load's default workload (100 hosts x 100 series x 720 samples at 15 s),
/// so in-process query benchmarks read the same series counts, label sets and value shapes the end-to-end
/// queries do: per host the core series the fixed queries read (cpu, load1, eth0 bytes, http_requests_total,
/// one 12-bucket latency histogram), then the rest of a node_exporter and application host. Values are
/// seeded; counters grow at a noisy rate, gauges random-walk, histograms are cumulative.
/// </summary>
internal static class LoadShapedHead
{
    public const int Hosts = 100;
    public const int SeriesPerHost = 100;
    public const int Samples = 720;
    public const long IntervalMs = 15_000;

    /// <summary>The last sample time (ms); a round number like the load tool's --end.</summary>
    public const long EndMs = 1_800_000_000_000;

    /// <summary>The load tool's range-query window and step (about 240 points).</summary>
    public const long StartMs = EndMs - Samples * IntervalMs;

    public const long StepMs = 45_000;

    private static readonly string[] AppJobs = ["api", "checkout", "search", "auth"];
    private static readonly string[] CpuModes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// A head of another size with the same per-host catalogue, and the load tool's range step for it:
    /// workload c is 1,000 hosts x 1,000 series x 10 samples (150 s window, so a 1 s step).
    /// </summary>
    public sealed record Shape(int Hosts, int SeriesPerHost, int Samples, long StepMs)
    {
        public long StartMs => EndMs - Samples * IntervalMs;
    }

    public static Shape A { get; } = new(Hosts, SeriesPerHost, Samples, StepMs);

    public static Shape C { get; } = new(1000, 1000, 10, 1_000);

    public static Head Build() => Build(A);

    public static Head Build(Shape shape)
    {
        var (hosts, seriesPerHost, samples) = (shape.Hosts, shape.SeriesPerHost, shape.Samples);
        var head = new Head();
        var rng = new Random(1);
        var series = new List<(Labels Labels, Func<double> Next, long Offset)>();
        for (var h = 0; h < hosts; h++)
        {
            var instance = "host-" + h.ToString(CultureInfo.InvariantCulture);
            var appJob = AppJobs[h % AppJobs.Length];
            var offset = (long)(rng.NextDouble() * IntervalMs);
            var perHost = new List<(Labels, Func<double>)>();
            foreach (var (job, pairs, next) in Catalog(rng))
            {
                if (perHost.Count == seriesPerHost)
                {
                    break;
                }

                var all = new List<string>(pairs) { "job", job == "node" ? "node" : appJob, "instance", instance };
                perHost.Add((Labels.FromStrings([.. all]), next));
            }

            foreach (var (l, n) in perHost)
            {
                series.Add((l, n, offset));
            }
        }

        var app = head.Appender();
        var refs = new ulong[series.Count];
        for (var k = samples - 1; k >= 0; k--)
        {
            for (var i = 0; i < series.Count; i++)
            {
                var (labels, next, offset) = series[i];
                refs[i] = app.Append(refs[i], refs[i] == 0 ? labels : Labels.Empty, EndMs - k * IntervalMs - offset, next());
            }

            app.Commit();
        }

        return head;
    }

    private static IEnumerable<(string Job, string[] Pairs, Func<double> Next)> Catalog(Random rng)
    {
        yield return ("node", ["__name__", "up"], () => 1);
        yield return ("node", ["__name__", "node_cpu_seconds_total", "cpu", "0", "mode", "user"], Counter(rng, 9, 0.01));
        yield return ("node", ["__name__", "node_cpu_seconds_total", "cpu", "0", "mode", "system"], Counter(rng, 3, 0.01));
        yield return ("node", ["__name__", "node_load1"], Gauge(rng, 1.5, 0.1, 0.01));
        yield return ("node", ["__name__", "node_network_receive_bytes_total", "device", "eth0"], Counter(rng, 3e7, 1));
        yield return ("app", ["__name__", "http_requests_total", "code", "200", "handler", "/", "method", "GET"], Counter(rng, 750, 1));
        foreach (var s in Histogram(rng, "http_request_duration_seconds", 750, "handler", "/"))
        {
            yield return s;
        }

        for (var cpu = 0; cpu < 2; cpu++)
        {
            foreach (var mode in CpuModes)
            {
                if (cpu == 0 && mode is "user" or "system")
                {
                    continue;
                }

                yield return ("node", ["__name__", "node_cpu_seconds_total", "cpu", cpu.ToString(CultureInfo.InvariantCulture), "mode", mode],
                    Counter(rng, mode == "idle" ? 10.5 : 0.3, 0.01));
            }
        }

        yield return ("node", ["__name__", "node_load5"], Gauge(rng, 1.5, 0.05, 0.01));
        yield return ("node", ["__name__", "node_load15"], Gauge(rng, 1.5, 0.02, 0.01));
        yield return ("node", ["__name__", "node_network_receive_bytes_total", "device", "lo"], Counter(rng, 1.5e6, 1));
        foreach (var name in (string[])["node_network_transmit_bytes_total", "node_network_receive_packets_total", "node_network_transmit_packets_total"])
        {
            foreach (var device in (string[])["eth0", "lo"])
            {
                yield return ("node", ["__name__", name, "device", device], Counter(rng, 1e4, 1));
            }
        }

        foreach (var name in (string[])["node_memory_MemAvailable_bytes", "node_memory_MemFree_bytes", "node_memory_Cached_bytes", "node_memory_Buffers_bytes"])
        {
            yield return ("node", ["__name__", name], Gauge(rng, 4e9, 1e7, 4096));
        }

        for (var i = 0; ; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            yield return ("node", ["__name__", "node_misc_gauge_" + n], Gauge(rng, 100, 3, 1));
            yield return ("app", ["__name__", "app_misc_total", "kind", n], Counter(rng, 100, 1));
        }
    }

    private static Func<double> Counter(Random rng, double perInterval, double resolution)
    {
        var rate = perInterval * (0.2 + 1.8 * rng.NextDouble());
        var value = Round(rate * 5000 * rng.NextDouble(), resolution);
        return () =>
        {
            var inc = Round(rate * (0.5 + rng.NextDouble()), resolution);
            value = rng.NextDouble() < 1.0 / 3000 ? inc : Round(value + inc, resolution);
            return value;
        };
    }

    private static Func<double> Gauge(Random rng, double mean, double sigma, double resolution)
    {
        var value = mean;
        return () =>
        {
            value = Round(value + ((rng.NextDouble() - 0.5) * 2 * sigma) + ((mean - value) * 0.05), resolution);
            return value;
        };
    }

    /// <summary>Cumulative buckets, +Inf, _sum and _count, advanced together once per scrape (on the first bucket's call).</summary>
    private static IEnumerable<(string Job, string[] Pairs, Func<double> Next)> Histogram(Random rng, string name, double perInterval, string labelName, string labelValue)
    {
        var state = new double[LatencyBuckets.Length + 3];
        var calls = 0;
        var median = 0.08 * (0.5 + rng.NextDouble());

        void Advance()
        {
            var observations = Math.Round(perInterval * (0.5 + rng.NextDouble()));
            for (var b = 0; b < LatencyBuckets.Length; b++)
            {
                // A logistic CDF in log space: enough for monotone, plausible buckets.
                var cdf = 1 / (1 + Math.Exp(-3 * Math.Log(LatencyBuckets[b] / median)));
                state[b] += Math.Round(observations * cdf);
            }

            state[^3] += observations;
            state[^2] += Math.Round(observations * median * 1000) / 1000;
            state[^1] += observations;
        }

        for (var b = 0; b < state.Length; b++)
        {
            var index = b;
            string[] pairs = b < LatencyBuckets.Length
                ? ["__name__", name + "_bucket", labelName, labelValue, "le", LatencyBuckets[b].ToString("R", CultureInfo.InvariantCulture)]
                : b == LatencyBuckets.Length ? ["__name__", name + "_bucket", labelName, labelValue, "le", "+Inf"]
                : b == LatencyBuckets.Length + 1 ? ["__name__", name + "_sum", labelName, labelValue]
                : ["__name__", name + "_count", labelName, labelValue];
            yield return ("app", pairs, () =>
            {
                if (calls++ % state.Length == 0)
                {
                    Advance();
                }

                return state[index];
            });
        }
    }

    private static double Round(double value, double resolution) =>
        resolution >= 1 ? Math.Round(value / resolution) * resolution : Math.Round(value / resolution) / Math.Round(1 / resolution);
}
