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
}
