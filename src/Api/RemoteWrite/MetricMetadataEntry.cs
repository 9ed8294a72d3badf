namespace Tsdb.Api.RemoteWrite;

/// <summary>Metadata of one metric family as received by remote write: type (Prometheus API spelling), help and unit.</summary>
public sealed record MetricMetadataEntry(string Type, string Help, string Unit);
