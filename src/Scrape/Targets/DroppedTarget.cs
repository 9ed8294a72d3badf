using Tsdb.Storage;

namespace Tsdb.Scrape.Targets;

/// <summary>A discovered target dropped by relabeling, kept for <c>/api/v1/targets</c> (state=dropped).</summary>
public sealed record DroppedTarget(Labels DiscoveredLabels, string ScrapePool);
