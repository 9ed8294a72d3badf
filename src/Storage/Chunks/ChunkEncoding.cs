namespace Tsdb.Storage.Chunks;

/// <summary>The on-disk encoding byte of a chunk (same values as Prometheus chunkenc.Encoding).</summary>
public enum ChunkEncoding : byte
{
    None = 0,
    Xor = 1,
}
