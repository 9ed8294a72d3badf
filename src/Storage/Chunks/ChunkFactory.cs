namespace Tsdb.Storage.Chunks;

/// <summary>Turns stored bytes back into a chunk by encoding (Prometheus chunkenc.FromData).</summary>
public static class ChunkFactory
{
    public static IChunk FromData(ChunkEncoding encoding, ReadOnlyMemory<byte> data) => encoding switch
    {
        ChunkEncoding.Xor => new XorChunk(data),
        _ => throw new InvalidDataException($"unknown chunk encoding {(byte)encoding}"),
    };
}
