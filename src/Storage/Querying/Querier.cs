using Tsdb.Storage.Index;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage;

/// <summary>
/// Reads series over the head and persisted blocks for a time range [mint, maxt] (inclusive).
/// Disposing releases the blocks it pinned.
/// </summary>
public sealed class Querier : IDisposable
{
    private readonly IReadOnlyList<IBlockSource> _sources;
    private readonly Action? _release;
    private int _disposed;

    public Querier(IReadOnlyList<IBlockSource> sources, long mint, long maxt, Action? release = null)
    {
        _sources = sources;
        MinTime = mint;
        MaxTime = maxt;
        _release = release;
    }

    public long MinTime { get; }

    public long MaxTime { get; }

    /// <summary>Series matching all matchers that have data in range, sorted by labels.</summary>
    public IReadOnlyList<StorageSeries> Select(params Matcher[] matchers) => Select((IReadOnlyList<Matcher>)matchers);

    public IReadOnlyList<StorageSeries> Select(IReadOnlyList<Matcher> matchers) => Select(matchers, sorted: true);

    /// <summary>
    /// Series matching all matchers that have data in range; sorted by labels only when <paramref name="sorted"/>.
    /// Sorting a million head series by labels is about a quarter of a query that counts them, and callers
    /// whose answer does not depend on the order (counting) can skip it.
    /// </summary>
    public IReadOnlyList<StorageSeries> Select(IReadOnlyList<Matcher> matchers, bool sorted)
    {
        IBlockSource? only = null;
        var inRange = 0;
        foreach (var src in _sources)
        {
            if (src.MaxTime >= MinTime && src.MinTime <= MaxTime)
            {
                only = src;
                inRange++;
            }
        }

        // One source (the head alone, or a single block) holds each series once: no merging by labels needed.
        return inRange == 1 ? SelectOne(only!, matchers, sorted) : SelectMerged(matchers, sorted);
    }

    private List<StorageSeries> SelectOne(IBlockSource src, IReadOnlyList<Matcher> matchers, bool sorted)
    {
        var result = new List<StorageSeries>();
        var metas = new List<ChunkMeta>();
        var ix = src.Index(MinTime, MaxTime);
        var chunks = src.Chunks();
        var stones = src.Tombstones is { IsEmpty: false } t ? t : null;
        var p = PostingsForMatchers.Resolve(ix, matchers);
        while (p.Next())
        {
            if (ix.Series(p.At, out var labels, metas) && AddChunks(null, labels, chunks, metas, stones?.Get(p.At)) is { } series)
            {
                series.SortChunks();
                result.Add(series);
            }
        }

        if (sorted && !ix.PostingsSortedByLabels)
        {
            result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        }

        return result;
    }

    private List<StorageSeries> SelectMerged(IReadOnlyList<Matcher> matchers, bool sorted)
    {
        var byLabels = new Dictionary<Labels, StorageSeries>();
        var metas = new List<ChunkMeta>();
        foreach (var src in _sources)
        {
            if (src.MaxTime < MinTime || src.MinTime > MaxTime)
            {
                continue;
            }

            var ix = src.Index(MinTime, MaxTime);
            var chunks = src.Chunks();
            var stones = src.Tombstones is { IsEmpty: false } t ? t : null;
            var p = PostingsForMatchers.Resolve(ix, matchers);
            while (p.Next())
            {
                if (!ix.Series(p.At, out var labels, metas))
                {
                    continue;
                }

                var existing = byLabels.GetValueOrDefault(labels);
                if (AddChunks(existing, labels, chunks, metas, stones?.Get(p.At)) is { } series && existing is null)
                {
                    byLabels.Add(labels, series);
                }
            }
        }

        var result = new List<StorageSeries>(byLabels.Count);
        foreach (var s in byLabels.Values)
        {
            s.SortChunks();
            result.Add(s);
        }

        if (sorted)
        {
            result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        }

        return result;
    }

    /// <summary>
    /// Adds a series' chunks that overlap the range to <paramref name="series"/>, created on the first one;
    /// returns it, or null when no chunk was added to a series not yet created.
    /// </summary>
    private StorageSeries? AddChunks(StorageSeries? series, Labels labels, IChunkReader chunks, List<ChunkMeta> metas, Interval[]? deleted)
    {
        if (deleted is not null)
        {
            return AddWithoutDeleted(series, labels, chunks, metas, deleted);
        }

        foreach (var m in metas)
        {
            if (m.Overlaps(MinTime, MaxTime))
            {
                series ??= new StorageSeries(labels, MinTime, MaxTime, metas.Count);
                series.Add(chunks, m);
            }
        }

        return series;
    }

    /// <summary>
    /// The slow path for a series with deletions: chunks inside a deleted interval are skipped, chunks
    /// partly deleted are re-encoded now without those samples. A series left with no sample in range
    /// is not added, so it disappears from the result as in Prometheus.
    /// </summary>
    private StorageSeries? AddWithoutDeleted(StorageSeries? series, Labels labels, IChunkReader chunks, List<ChunkMeta> metas, Interval[] deleted)
    {
        foreach (var m in metas)
        {
            if (!m.Overlaps(MinTime, MaxTime))
            {
                continue;
            }

            var reader = chunks;
            var meta = m;
            // Only the part inside the querier's range matters: deleted there means skipped.
            switch (DeletedSamples.Classify(deleted, Math.Max(m.MinTime, MinTime), Math.Min(m.MaxTime, MaxTime)))
            {
                case DeletedSamples.Overlap.Full:
                    continue;
                case DeletedSamples.Overlap.Partial:
                    if (DeletedSamples.Without(chunks.Chunk(m), deleted) is not { } kept || !DeletedSamples.AnyIn(kept.Chunk, MinTime, MaxTime))
                    {
                        continue;
                    }

                    reader = new FixedChunkReader(kept.Chunk);
                    meta = kept.Meta;
                    break;
                default:
                    break;
            }

            series ??= new StorageSeries(labels, MinTime, MaxTime, metas.Count);
            series.Add(reader, meta);
        }

        return series;
    }

    /// <summary>Label names of series matching the matchers (all names when none are given), sorted.</summary>
    public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher>? matchers = null)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var src in SourcesInRange())
        {
            names.UnionWith(PostingsForMatchers.LabelNamesFor(src.Index(MinTime, MaxTime), matchers ?? []));
        }

        return [.. names];
    }

    /// <summary>Values of a label among series matching the matchers (all values when none), sorted.</summary>
    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher>? matchers = null)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var src in SourcesInRange())
        {
            values.UnionWith(PostingsForMatchers.LabelValuesFor(src.Index(MinTime, MaxTime), name, matchers ?? []));
        }

        return [.. values];
    }

    private IEnumerable<IBlockSource> SourcesInRange()
    {
        foreach (var src in _sources)
        {
            if (src.MaxTime >= MinTime && src.MinTime <= MaxTime)
            {
                yield return src;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _release?.Invoke();
        }
    }
}
