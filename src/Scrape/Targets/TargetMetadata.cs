namespace Tsdb.Scrape.Targets;

/// <summary>One metric family's metadata as a target exposed it (<c>/api/v1/targets/metadata</c>).</summary>
public sealed record TargetMetadata(string Metric, string Type, string Help, string Unit);
