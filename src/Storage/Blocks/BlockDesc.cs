using System.Text.Json.Serialization;

namespace Tsdb.Storage.Blocks;

/// <summary>Identity and time range of a parent block (Prometheus BlockDesc).</summary>
public sealed record BlockDesc
{
    [JsonPropertyName("ulid")]
    public required Ulid Ulid { get; init; }

    [JsonPropertyName("minTime")]
    public required long MinTime { get; init; }

    [JsonPropertyName("maxTime")]
    public required long MaxTime { get; init; }
}
