using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Tombstones;

/// <summary>
/// Removes deleted samples from chunks: what queriers, head persistence and compaction share
/// (Prometheus applies the intervals while iterating; re-encoding here keeps the per-sample iterator
/// free of any tombstone check, so series without deletions cost nothing extra).
/// </summary>
internal static class DeletedSamples
{
    /// <summary>How a chunk relates to a series' deleted intervals.</summary>
    public enum Overlap
    {
        None,
        Partial,
        Full,
    }

    public static Overlap Classify(ReadOnlySpan<Interval> deleted, long chunkMin, long chunkMax)
    {
        if (Intervals.Covers(deleted, chunkMin, chunkMax))
        {
            return Overlap.Full;
        }

        return Intervals.Overlaps(deleted, chunkMin, chunkMax) ? Overlap.Partial : Overlap.None;
    }

    /// <summary>
    /// A new chunk holding the samples of <paramref name="chunk"/> that are not deleted, with its real
    /// first and last timestamps; null when none survive. The copy owns its bytes (safe after a block
    /// reader is released).
    /// </summary>
    public static (ChunkMeta Meta, XorChunk Chunk)? Without(IChunk chunk, ReadOnlySpan<Interval> deleted)
    {
        var it = chunk.Iterator();
        var result = new XorChunk();
        var app = result.Appender();
        long first = 0, last = 0;
        var any = false;
        while (it.Next() == SampleKind.Float)
        {
            var s = it.At();
            if (Intervals.Contains(deleted, s.T))
            {
                continue;
            }

            app.Append(s.T, s.V);
            if (!any)
            {
                first = s.T;
                any = true;
            }

            last = s.T;
        }

        if (it.Error is { } e)
        {
            throw new InvalidDataException("decoding a chunk with deletions failed: " + e.Message, e);
        }

        return any ? (new ChunkMeta(0, first, last), result) : null;
    }

    /// <summary>True when the chunk has a sample in [mint, maxt].</summary>
    public static bool AnyIn(IChunk chunk, long mint, long maxt)
    {
        var it = chunk.Iterator();
        while (it.Next() == SampleKind.Float)
        {
            var t = it.AtT();
            if (t > maxt)
            {
                return false;
            }

            if (t >= mint)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Applies <paramref name="deleted"/> to a series' chunks for block writing: untouched chunks
    /// pass through, covered ones are dropped, partly deleted ones re-encoded.
    /// </summary>
    public static List<(ChunkMeta Meta, IChunk Chunk)> Apply(IReadOnlyList<(ChunkMeta Meta, IChunk Chunk)> chunks, ReadOnlySpan<Interval> deleted)
    {
        var result = new List<(ChunkMeta, IChunk)>(chunks.Count);
        foreach (var (meta, chunk) in chunks)
        {
            switch (Classify(deleted, meta.MinTime, meta.MaxTime))
            {
                case Overlap.None:
                    result.Add((meta, chunk));
                    break;
                case Overlap.Partial:
                    if (Without(chunk, deleted) is { } kept)
                    {
                        result.Add((kept.Meta, kept.Chunk));
                    }

                    break;
                default:
                    break;
            }
        }

        return result;
    }
}

/// <summary>Serves one prebuilt chunk (a chunk re-encoded without its deleted samples) to a series iterator.</summary>
internal sealed class FixedChunkReader(IChunk chunk) : IChunkReader
{
    public IChunk Chunk(in ChunkMeta meta) => chunk;
}
