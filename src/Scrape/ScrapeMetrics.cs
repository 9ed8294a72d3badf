using System.Diagnostics.Metrics;

namespace Tsdb.Scrape;

/// <summary>
/// The scrape engine's self-metrics under Prometheus's names, on the <c>Tsdb.Scrape</c> meter (one
/// per manager; the server exports its instruments on /metrics).
/// </summary>
internal sealed class ScrapeMetrics : IDisposable
{
    public const string MeterName = "Tsdb.Scrape";

    public ScrapeMetrics(Func<IEnumerable<Measurement<long>>> poolTargets)
    {
        Meter = new Meter(MeterName);
        OutOfOrder = Meter.CreateCounter<long>("prometheus_target_scrapes_sample_out_of_order_total", description: "Total number of samples rejected due to not being out of the expected order.");
        Duplicate = Meter.CreateCounter<long>("prometheus_target_scrapes_sample_duplicate_timestamp_total", description: "Total number of samples rejected due to duplicate timestamps but different values.");
        OutOfBounds = Meter.CreateCounter<long>("prometheus_target_scrapes_sample_out_of_bounds_total", description: "Total number of samples rejected due to timestamp falling outside of the time bounds.");
        ExceededSampleLimit = Meter.CreateCounter<long>("prometheus_target_scrapes_exceeded_sample_limit_total", description: "Total number of scrapes that hit the sample limit and were rejected.");
        ExceededBodySizeLimit = Meter.CreateCounter<long>("prometheus_target_scrapes_exceeded_body_size_limit_total", description: "Total number of scrapes that hit the body size limit.");
        ExceededLabelLimits = Meter.CreateCounter<long>("prometheus_target_scrape_pool_exceeded_label_limits_total", description: "Total number of times scrape pools hit the label limits.");
        ExceededTargetLimit = Meter.CreateCounter<long>("prometheus_target_scrape_pool_exceeded_target_limit_total", description: "Total number of times scrape pools hit the target limit.");
        PoolReloads = Meter.CreateCounter<long>("prometheus_target_scrape_pool_reloads_total", description: "Total number of scrape pool reloads.");
        FileSdReadErrors = Meter.CreateCounter<long>("prometheus_sd_file_read_errors_total", description: "The number of File-SD read errors.");
        Meter.CreateObservableGauge("prometheus_target_scrape_pool_targets", poolTargets, description: "Current number of targets in this scrape pool.");
    }

    public Meter Meter { get; }

    public Counter<long> OutOfOrder { get; }

    public Counter<long> Duplicate { get; }

    public Counter<long> OutOfBounds { get; }

    public Counter<long> ExceededSampleLimit { get; }

    public Counter<long> ExceededBodySizeLimit { get; }

    public Counter<long> ExceededLabelLimits { get; }

    public Counter<long> ExceededTargetLimit { get; }

    public Counter<long> PoolReloads { get; }

    public Counter<long> FileSdReadErrors { get; }

    public void Dispose() => Meter.Dispose();
}
