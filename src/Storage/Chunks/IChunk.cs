namespace Tsdb.Storage.Chunks;

/// <summary>An encoded run of samples of one series (Prometheus chunkenc.Chunk).</summary>
public interface IChunk
{
    ChunkEncoding Encoding { get; }

    /// <summary>The encoded bytes, header included; what blocks store verbatim.</summary>
    ReadOnlyMemory<byte> Bytes { get; }

    int NumSamples { get; }

    /// <summary>An appender positioned after the last sample. Only one appender per chunk at a time.</summary>
    IChunkAppender Appender();

    /// <summary>An iterator from the first sample, reusing <paramref name="reuse"/> when it is of the right type.</summary>
    ISampleIterator Iterator(ISampleIterator? reuse = null);
}

public interface IChunkAppender
{
    void Append(long t, double v);
}
