using System.Diagnostics.Metrics;
using Tsdb.Api.Host;

namespace Tsdb.Api.Metrics;

/// <summary>Instruments of the server itself: HTTP, queries, config reloads, remote write, build info.</summary>
public static class ServerMetrics
{
    public static readonly Meter Meter = new("Tsdb.Server");

    public static readonly Counter<long> HttpRequests = Meter.CreateCounter<long>(
        "prometheus_http_requests_total", null, "Counter of HTTP requests.");

    public static readonly Histogram<double> HttpRequestDuration = Meter.CreateHistogram(
        "prometheus_http_request_duration_seconds", null, "Histogram of latencies for HTTP requests.", null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120] });

    public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram(
        "prometheus_engine_query_duration_seconds", null, "Query timings.", null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60] });

    public static readonly Counter<long> RemoteWriteSamplesReceived = Meter.CreateCounter<long>(
        "prometheus_remote_write_receiver_samples_received_total", null, "Samples received by the remote write receiver and stored.");

    public static readonly Counter<long> RemoteWriteSamplesRejected = Meter.CreateCounter<long>(
        "prometheus_remote_write_receiver_samples_rejected_total", null, "Samples received by the remote write receiver and rejected, by reason.");

    private static double s_lastReloadOk = 1;
    private static double s_lastReloadSuccessSeconds;

    static ServerMetrics()
    {
        Meter.CreateObservableGauge("prometheus_config_last_reload_successful", () => Volatile.Read(ref s_lastReloadOk), null, "Whether the last configuration reload attempt was successful.");
        Meter.CreateObservableGauge("prometheus_config_last_reload_success_timestamp_seconds", () => Volatile.Read(ref s_lastReloadSuccessSeconds), null, "Timestamp of the last successful configuration reload.");
        Meter.CreateObservableGauge("prometheus_build_info", () => new Measurement<int>(1, [new("version", TsdbServer.Version), new("revision", ""), new("branch", ""), new("goversion", "dotnet" + Environment.Version)]), null, "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which prometheus was built.");
    }

    internal static void ConfigReloaded(bool ok, DateTime lastSuccess)
    {
        Volatile.Write(ref s_lastReloadOk, ok ? 1 : 0);
        Volatile.Write(ref s_lastReloadSuccessSeconds, new DateTimeOffset(lastSuccess, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0);
    }
}
