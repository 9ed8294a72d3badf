using Tsdb.Storage;

namespace Tsdb.Scrape.Targets;

/// <summary>One target's labels (no <c>__</c> labels) with the metadata it exposes.</summary>
public sealed record TargetMetadataSet(Labels TargetLabels, string ScrapePool, IReadOnlyList<TargetMetadata> Metadata);
