namespace Tsdb.Scrape.Parsing;

/// <summary>The exposition formats a scrape target may answer with.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>).</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0 (<c>application/openmetrics-text; version=1.0.0</c>).</summary>
    OpenMetrics,
}
