using Tsdb.Storage.Chunks;

namespace Tsdb.Storage;

/// <summary>A chunk of a head series with the time range it covers (both ends inclusive).</summary>
internal sealed class HeadChunk(XorChunk chunk, long minTime)
{
    public XorChunk Chunk { get; } = chunk;

    public long MinTime { get; } = minTime;

    public long MaxTime { get; set; } = minTime;
}
