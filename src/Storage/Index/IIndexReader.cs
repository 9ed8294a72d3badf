namespace Tsdb.Storage.Index;

/// <summary>
/// Read access to the inverted index of one block (the head or a persisted block). Matchers are
/// resolved against this by <see cref="PostingsForMatchers"/>, so head and blocks share the logic.
/// </summary>
public interface IIndexReader
{
    /// <summary>All label names, sorted.</summary>
    IReadOnlyList<string> LabelNames();

    /// <summary>All values of <paramref name="name"/>, sorted; empty when the name is unknown.</summary>
    IReadOnlyList<string> LabelValues(string name);

    /// <summary>Series references having <paramref name="name"/>=<paramref name="value"/>, increasing.</summary>
    IPostings Postings(string name, string value);

    /// <summary>Every series reference, increasing.</summary>
    IPostings AllPostings();

    /// <summary>
    /// The labels and chunk metas of a series. Fills <paramref name="chunks"/> (cleared first);
    /// false if the reference is unknown (e.g. the series was garbage-collected since).
    /// </summary>
    bool Series(ulong seriesRef, out Labels labels, List<ChunkMeta> chunks);

    /// <summary>
    /// True when references order series by their labels (true for blocks, false for the head),
    /// so a querier can skip sorting.
    /// </summary>
    bool PostingsSortedByLabels { get; }
}

/// <summary>Chunk bytes by <see cref="ChunkMeta.Ref"/>.</summary>
public interface IChunkReader
{
    Chunks.IChunk Chunk(in ChunkMeta meta);
}
