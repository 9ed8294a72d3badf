using System.Text.Json.Serialization;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Compaction history (Prometheus BlockMetaCompaction). <see cref="Sources"/> are the level-1
/// blocks whose data this block holds (itself for a block written from the head);
/// <see cref="Parents"/> are the blocks merged directly into it.
/// </summary>
public sealed record BlockCompaction
{
    [JsonPropertyName("level")]
    public int Level { get; init; } = 1;

    [JsonPropertyName("sources")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Ulid>? Sources { get; init; }

    [JsonPropertyName("parents")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BlockDesc>? Parents { get; init; }

    /// <summary>Set by Prometheus when a block should be removed on the next reload.</summary>
    [JsonPropertyName("deletable")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Deletable { get; init; }

    /// <summary>A compaction of this block failed; the planner leaves it alone (Prometheus).</summary>
    [JsonPropertyName("failed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Failed { get; init; }
}
