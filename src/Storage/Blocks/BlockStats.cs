using System.Text.Json.Serialization;

namespace Tsdb.Storage.Blocks;

/// <summary>Counts stored in <c>meta.json</c> (Prometheus BlockStats).</summary>
public sealed record BlockStats
{
    [JsonPropertyName("numSamples")]
    public ulong NumSamples { get; init; }

    [JsonPropertyName("numSeries")]
    public ulong NumSeries { get; init; }

    [JsonPropertyName("numChunks")]
    public ulong NumChunks { get; init; }

    /// <summary>Deleted intervals in the block's tombstones file (omitted when 0, as Prometheus does).</summary>
    [JsonPropertyName("numTombstones")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong NumTombstones { get; init; }
}
