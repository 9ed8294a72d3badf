using System.Buffers.Binary;
using Tsdb.Storage;
using Tsdb.Storage.Blocks;
using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Api.RemoteRead;

/// <summary>
/// The XOR chunks of one selected series as a STREAMED_XOR_CHUNKS response sends them: in time
/// order, without overlaps, trimmed to the query range. Chunks inside the range go out byte for
/// byte as stored; only a chunk that crosses a range end (or overlaps another) is re-encoded, as
/// Prometheus's chunk querier trims them.
/// </summary>
internal static class ReadChunks
{
    /// <summary>
    /// The chunks of <paramref name="series"/> within [mint, maxt] (inclusive). Block chunks point
    /// into the block's mapped files, so use the result before the querier is disposed.
    /// </summary>
    public static IReadOnlyList<(ChunkMeta Meta, IChunk Chunk)> Collect(StorageSeries series, long mint, long maxt)
    {
        var list = new List<(ChunkMeta Meta, IChunk Chunk)>(series.Chunks.Count);
        foreach (var (reader, meta) in series.Chunks)
        {
            var chunk = reader.Chunk(meta);
            if (chunk.Encoding != ChunkEncoding.Xor)
            {
                throw new InvalidDataException($"unsupported chunk encoding {chunk.Encoding} in series {series.Labels}");
            }

            if (chunk.NumSamples == 0)
            {
                continue;
            }

            list.Add(reader is Block ? (meta, chunk) : FreezeHeadChunk(chunk));
        }

        // Normalize takes an exclusive end.
        return ChunkNormalizer.Normalize(list, mint, maxt == long.MaxValue ? maxt : maxt + 1);
    }

    /// <summary>
    /// A head chunk is a snapshot over a buffer its series keeps appending to: the count in the
    /// buffer's header runs ahead of the snapshot, and the meta read before the snapshot may end
    /// before it. Copy the bytes, write the snapshot's count into the copy, and take the exact time
    /// range from the samples.
    /// </summary>
    private static (ChunkMeta, IChunk) FreezeHeadChunk(IChunk chunk)
    {
        var bytes = chunk.Bytes.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)chunk.NumSamples);
        var frozen = new XorChunk(bytes);
        var it = frozen.XorIterator();
        long first = long.MinValue, last = long.MinValue;
        while (it.Next() == SampleKind.Float)
        {
            last = it.AtT();
            first = first == long.MinValue ? last : first;
        }

        if (it.Error is { } e)
        {
            throw new InvalidDataException("cannot decode head chunk: " + e.Message, e);
        }

        return (new ChunkMeta(0, first, last), frozen);
    }
}
