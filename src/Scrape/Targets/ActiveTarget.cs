using Tsdb.Storage;

namespace Tsdb.Scrape.Targets;

/// <summary>One active target as <c>/api/v1/targets</c> shows it (a snapshot).</summary>
/// <param name="DiscoveredLabels">Labels before relabeling (with <c>__</c> labels).</param>
/// <param name="Labels">Labels after relabeling, <c>__</c> labels removed: what samples get.</param>
/// <param name="LastScrape">Start of the last scrape; null before the first.</param>
public sealed record ActiveTarget(
    Labels DiscoveredLabels,
    Labels Labels,
    string ScrapePool,
    string ScrapeUrl,
    string GlobalUrl,
    string LastError,
    DateTimeOffset? LastScrape,
    TimeSpan LastScrapeDuration,
    TargetHealth Health,
    TimeSpan ScrapeInterval,
    TimeSpan ScrapeTimeout)
{
    /// <summary>"up", "down" or "unknown", as the API spells it.</summary>
    public string HealthText => Health switch
    {
        TargetHealth.Up => "up",
        TargetHealth.Down => "down",
        _ => "unknown",
    };
}
