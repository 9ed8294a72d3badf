using Tsdb.Storage.Index;

namespace Tsdb.Storage;

/// <summary>A selected series: its labels and its chunks across head and blocks, oldest first.</summary>
public sealed class StorageSeries
{
    private readonly List<(IChunkReader Reader, ChunkMeta Meta)> _chunks;
    private readonly long _mint;
    private readonly long _maxt;

    /// <param name="chunkCapacity">the chunks expected, so a short series does not get a default-sized list.</param>
    internal StorageSeries(Labels labels, long mint, long maxt, int chunkCapacity = 0)
    {
        _chunks = new List<(IChunkReader Reader, ChunkMeta Meta)>(chunkCapacity);
        Labels = labels;
        _mint = mint;
        _maxt = maxt;
    }

    public Labels Labels { get; }

    public int ChunkCount => _chunks.Count;

    /// <summary>The chunks in time order, untrimmed, for callers that ship encoded chunks (remote read).</summary>
    internal IReadOnlyList<(IChunkReader Reader, ChunkMeta Meta)> Chunks => _chunks;

    internal void Add(IChunkReader reader, ChunkMeta meta) => _chunks.Add((reader, meta));

    internal void SortChunks()
    {
        if (_chunks.Count > 1)
        {
            _chunks.Sort(static (a, b) => a.Meta.MinTime.CompareTo(b.Meta.MinTime));
        }
    }

    /// <summary>Samples within the querier's [mint, maxt], in time order; reuses a previous iterator.</summary>
    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        if (reuse is SeriesIterator it)
        {
            it.Reset(_chunks, _mint, _maxt);
            return it;
        }

        var fresh = new SeriesIterator();
        fresh.Reset(_chunks, _mint, _maxt);
        return fresh;
    }
}
