using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// A block's <c>meta.json</c>, field for field as Prometheus writes it (tsdb/block.go BlockMeta):
/// <c>ulid</c>, <c>minTime</c> (inclusive), <c>maxTime</c> (exclusive), <c>stats</c>,
/// <c>compaction</c> and <c>version</c> 1. Unknown fields (e.g. Prometheus's
/// <c>numFloatSamples</c>) are ignored on read.
/// </summary>
public sealed record BlockMeta
{
    public const string FileName = "meta.json";
    public const int CurrentVersion = 1;

    [JsonPropertyName("ulid")]
    public required Ulid Ulid { get; init; }

    /// <summary>Inclusive lower bound of sample timestamps (ms).</summary>
    [JsonPropertyName("minTime")]
    public required long MinTime { get; init; }

    /// <summary>Exclusive upper bound of sample timestamps (ms).</summary>
    [JsonPropertyName("maxTime")]
    public required long MaxTime { get; init; }

    [JsonPropertyName("stats")]
    public BlockStats Stats { get; init; } = new();

    [JsonPropertyName("compaction")]
    public BlockCompaction Compaction { get; init; } = new();

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Serializes as Prometheus does (tab-indented JSON).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, BlockMetaJsonContext.Default.BlockMeta);

    /// <summary>Parses and validates; throws <see cref="JsonException"/> or <see cref="InvalidDataException"/>.</summary>
    public static BlockMeta FromJson(ReadOnlySpan<byte> json)
    {
        var meta = JsonSerializer.Deserialize(json, BlockMetaJsonContext.Default.BlockMeta)
            ?? throw new InvalidDataException("meta.json is null");
        if (meta.Version != CurrentVersion)
        {
            throw new InvalidDataException($"unsupported meta.json version {meta.Version}");
        }

        if (meta.Ulid == default)
        {
            throw new InvalidDataException("meta.json has no ulid");
        }

        return meta;
    }

    /// <summary>Reads <c>&lt;dir&gt;/meta.json</c>; a missing or invalid file is a <see cref="CorruptBlockException"/>.</summary>
    public static BlockMeta ReadFromDirectory(string dir)
    {
        var path = System.IO.Path.Combine(dir, FileName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CorruptBlockException(path, "meta.json is missing", e);
        }

        try
        {
            return FromJson(bytes);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException)
        {
            throw new CorruptBlockException(path, "invalid meta.json: " + e.Message, e);
        }
    }
}
