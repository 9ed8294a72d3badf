namespace Tsdb.Storage;

public sealed class HeadOptions
{
    /// <summary>Chunks are cut at multiples of this (the block range, 2 h), so no chunk straddles a block.</summary>
    public long ChunkRange { get; init; } = (long)TimeSpan.FromHours(2).TotalMilliseconds;
}
