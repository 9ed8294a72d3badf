namespace Tsdb.Storage;

/// <summary>Metadata of one metric family as received by remote write or read from a scrape: type (Prometheus API spelling), help and unit.</summary>
public sealed record MetricMetadataEntry(string Type, string Help, string Unit);
