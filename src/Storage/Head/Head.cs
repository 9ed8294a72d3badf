using System.Collections.Concurrent;

namespace Tsdb.Storage;

/// <summary>
/// The in-memory block holding recent data (Prometheus tsdb/head.go). Split by operation:
/// Head.cs (series management), HeadAppender.cs (append/commit), Head.Read.cs (index and chunk
/// readers), Head.Truncate.cs (dropping persisted data), Head.Replay.cs (WAL replay).
/// </summary>
public sealed partial class Head : IBlockSource, IDisposable
{
    // Series lookups are lock-free; creation and deletion serialise on _createLock so a ref,
    // its postings and its WAL series record appear together.
    private readonly ConcurrentDictionary<ulong, MemSeries> _byRef = new();
    private readonly ConcurrentDictionary<ulong, MemSeries> _byHash = new();

    // Older WAL refs of series that replay merged (see IsLive); dropped when their series is collected.
    private readonly ConcurrentDictionary<ulong, MemSeries> _aliases = new();
    private readonly Lock _createLock = new();
    private readonly MemPostings _postings = new();
    private readonly StringInterner _interner = new();
    private ulong _lastRef;
    private long _minTime = long.MaxValue;
    private long _maxTime = long.MinValue;
    private long _minValidTime = long.MinValue;
    private long _samplesAppended;
    private long _chunksCreated;
    private long _seriesCreated;
    private long _seriesRemoved;

    public Head(HeadOptions? options = null)
        : this(options ?? new HeadOptions(), NoHeadLog.Instance)
    {
    }

    internal Head(HeadOptions options, IHeadLog log)
    {
        Options = options;
        Log = log;
    }

    public HeadOptions Options { get; }

    internal IHeadLog Log { get; set; }

    /// <summary>Serialises commits so memory and the WAL see samples in the same order (replay = memory).</summary>
    internal Lock CommitLock { get; } = new();

    /// <summary>Numbers commits; only read and written under <see cref="CommitLock"/>.</summary>
    internal long CommitEpoch { get; set; }

    /// <summary>Oldest sample timestamp in the head, long.MaxValue when empty.</summary>
    public long MinTime => Volatile.Read(ref _minTime);

    /// <summary>Newest sample timestamp in the head, long.MinValue when empty.</summary>
    public long MaxTime => Volatile.Read(ref _maxTime);

    /// <summary>Samples older than this are rejected as out of bounds (already persisted).</summary>
    public long MinValidTime => Volatile.Read(ref _minValidTime);

    public int NumSeries => _byRef.Count;

    /// <summary>Distinct label strings held by the interner (for tests and self-monitoring).</summary>
    internal int InternedStrings => _interner.Count;

    public long SamplesAppended => Interlocked.Read(ref _samplesAppended);

    public long ChunksCreated => Interlocked.Read(ref _chunksCreated);

    public long SeriesCreated => Interlocked.Read(ref _seriesCreated);

    public long SeriesRemoved => Interlocked.Read(ref _seriesRemoved);

    public HeadAppender Appender() => new(this);

    internal MemSeries? SeriesByRef(ulong seriesRef) => _byRef.TryGetValue(seriesRef, out var s) ? s : null;

    internal MemSeries? SeriesByLabels(Labels labels)
    {
        if (!_byHash.TryGetValue(labels.Hash, out var s))
        {
            return null;
        }

        for (; s is not null; s = s.HashNext)
        {
            if (s.Labels.Equals(labels))
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Finds or creates the series; a new series is logged to the WAL before it is visible.</summary>
    internal MemSeries GetOrCreate(Labels labels)
    {
        return SeriesByLabels(labels) ?? Create(labels, 0);
    }

    /// <summary>
    /// Creates a series under the creation lock. <paramref name="seriesRef"/> is 0 for a new ref, or the
    /// ref found in the WAL during replay.
    /// </summary>
    internal MemSeries Create(Labels labels, ulong seriesRef)
    {
        lock (_createLock)
        {
            // Every ref the WAL ever names stays taken, even when its labels map to another series:
            // a reused ref would make a later replay attach samples to the wrong series.
            if (seriesRef > _lastRef)
            {
                _lastRef = seriesRef;
            }

            var existing = SeriesByLabels(labels);
            if (existing is not null)
            {
                return existing;
            }

            if (seriesRef == 0 || _byRef.ContainsKey(seriesRef))
            {
                seriesRef = ++_lastRef;
            }

            var series = new MemSeries(seriesRef, _interner.Intern(labels));
            if (_byHash.TryGetValue(labels.Hash, out var chain))
            {
                series.HashNext = chain;
            }

            // Visible by ref before the record is logged, so a checkpoint that reads the record finds the
            // series live; nobody else holds the ref until this returns. Then logged, then findable by
            // labels: a sample record naming this ref can only be enqueued after the series record.
            _byRef[seriesRef] = series;
            try
            {
                Log.LogSeries(seriesRef, series.Labels);
            }
            catch
            {
                _byRef.TryRemove(seriesRef, out _);
                throw;
            }

            _byHash[labels.Hash] = series;
            _postings.Add(seriesRef, series.Labels);
            Interlocked.Increment(ref _seriesCreated);
            return series;
        }
    }

    /// <summary>Called by commit (under the commit lock) after samples were added.</summary>
    internal void UpdateTimeBounds(long mint, long maxt, int samples, int newChunks)
    {
        if (mint < _minTime)
        {
            Volatile.Write(ref _minTime, mint);
        }

        if (maxt > _maxTime)
        {
            Volatile.Write(ref _maxTime, maxt);
        }

        Interlocked.Add(ref _samplesAppended, samples);
        Interlocked.Add(ref _chunksCreated, newChunks);
    }

    /// <summary>Series and chunk counts plus the cardinality top lists of /api/v1/status/tsdb.</summary>
    public HeadStats Stats(int topN = 10)
    {
        var pairs = _postings.Cardinalities();
        var seriesByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var metrics = new List<(string, int)>();
        var pairCounts = new List<(string, int)>(pairs.Count);
        foreach (var (name, value, count) in pairs)
        {
            seriesByName[name] = seriesByName.GetValueOrDefault(name) + count;
            pairCounts.Add((name + "=" + value, count));
            if (name == Label.MetricName)
            {
                metrics.Add((value, count));
            }
        }

        var chunks = 0L;
        foreach (var s in _byRef.Values)
        {
            lock (s)
            {
                chunks += s.ChunkCount;
            }
        }

        return new HeadStats(
            NumSeries,
            chunks,
            MinTime,
            MaxTime,
            Top(metrics, topN),
            Top(_postings.ValueCounts(), topN),
            Top([.. seriesByName.Select(static kv => (kv.Key, kv.Value))], topN),
            Top(pairCounts, topN));
    }

    /// <summary>The n largest by count, ties by name, as Prometheus's status page orders them.</summary>
    private static List<(string, int)> Top(List<(string Name, int Count)> items, int n)
    {
        items.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
        return items.Count <= n ? items : items.GetRange(0, n);
    }

    public void Dispose() => Log.Dispose();
}

/// <summary>Head statistics for /api/v1/status/tsdb (Prometheus's headStats + cardinality top lists).</summary>
public sealed record HeadStats(
    int NumSeries,
    long NumChunks,
    long MinTime,
    long MaxTime,
    IReadOnlyList<(string Name, int Count)> SeriesCountByMetricName,
    IReadOnlyList<(string Name, int Count)> LabelValueCountByLabelName,
    IReadOnlyList<(string Name, int Count)> SeriesCountByLabelName,
    IReadOnlyList<(string Name, int Count)> SeriesCountByLabelValuePair);
