using Tsdb.Storage;

namespace Tsdb.Scrape.Config;

/// <summary>
/// The <c>global</c> section values a scrape config inherits (config.go GlobalConfig): interval and
/// timeout (Prometheus defaults 1m / 10s) and the limits, each 0 meaning "no limit".
/// </summary>
public sealed record ScrapeGlobals(TimeSpan ScrapeInterval, TimeSpan ScrapeTimeout, Labels ExternalLabels)
{
    public static readonly ScrapeGlobals Default = new(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), Labels.Empty);

    public long BodySizeLimit { get; init; }

    public long SampleLimit { get; init; }

    public long TargetLimit { get; init; }

    public long LabelLimit { get; init; }

    public long LabelNameLengthLimit { get; init; }

    public long LabelValueLengthLimit { get; init; }

    public long KeepDroppedTargets { get; init; }

    /// <summary>global.scrape_protocols; null means Prometheus's default list.</summary>
    public IReadOnlyList<ScrapeProtocol>? ScrapeProtocols { get; init; }
}
