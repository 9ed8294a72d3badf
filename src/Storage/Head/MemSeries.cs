using Tsdb.Storage.Chunks;

namespace Tsdb.Storage;

/// <summary>
/// One series of the head: its labels, closed chunks and the open chunk. Appends and reads lock
/// the series itself; readers only take snapshots under the lock and decode outside it.
/// </summary>
internal sealed class MemSeries(ulong seriesRef, Labels labels)
{
    /// <summary>Prometheus's target chunk size: about 120 samples compress best for regular scrapes.</summary>
    public const int SamplesPerChunk = 120;

    // Chunk ids grow by one per cut chunk and never repeat for the life of the series, so a chunk ref
    // handed to a querier stays meaningful while older chunks are truncated away.
    private readonly List<HeadChunk> _chunks = [];
    private long _firstChunkId;
    private XorAppender? _appender;

    // ChunkBoundary of the open chunk's MinTime, computed once per chunk rather than per append.
    private long _openChunkEnd;

    public ulong Ref { get; } = seriesRef;

    public Labels Labels { get; } = labels;

    /// <summary>Next series with the same label hash (collision chain), guarded by the head's creation lock.</summary>
    public MemSeries? HashNext { get; set; }

    // The newest sample accepted by the commit in progress (valid while PendingEpoch equals the head's
    // commit epoch), so that a batch is validated before anything of it is logged or applied. Only
    // touched under the head's commit lock.
    public long PendingEpoch;
    public long PendingT;
    public double PendingV;

    /// <summary>
    /// The series that followed this one in the last remote-write request that sent it, as a guess for
    /// the next entry (senders repeat their series order from request to request). Only a hint: read and
    /// written without locks by request handlers, verified against the entry's labels before use,
    /// cleared when GC removes the series so collected series do not keep one another alive.
    /// </summary>
    public MemSeries? NextHint;

    /// <summary>
    /// Set when GC removed the series, only under the head's commit lock (and the series lock): a commit
    /// that sees it looks the series up again by labels; one that does not, sees the series live until
    /// it releases the commit lock.
    /// </summary>
    public bool Deleted { get; set; }

    /// <summary>Timestamp of the newest sample, long.MinValue when none.</summary>
    public long MaxTime { get; private set; } = long.MinValue;

    public double LastValue { get; private set; }

    public long MinTime => _chunks.Count == 0 ? long.MaxValue : _chunks[0].MinTime;

    public int ChunkCount => _chunks.Count;

    /// <summary>
    /// Validates and appends one sample. <paramref name="chunkRange"/> aligns chunk boundaries so
    /// that no chunk straddles a block boundary. Caller holds the series lock.
    /// </summary>
    public AppendError Append(long t, double v, long chunkRange, out bool newChunk)
    {
        newChunk = false;
        if (_chunks.Count != 0)
        {
            if (t < MaxTime)
            {
                return AppendError.OutOfOrder;
            }

            if (t == MaxTime)
            {
                // A repeat of the newest sample (e.g. a sender's retry) is a no-op, compared bit-exactly
                // so that NaN == NaN and a staleness marker differs from an ordinary NaN.
                return BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(LastValue)
                    ? AppendError.None
                    : AppendError.DuplicateTimestamp;
            }
        }

        var open = _chunks.Count == 0 ? null : _chunks[^1];
        if (open is null || _appender is null || _appender.Count >= SamplesPerChunk || t >= _openChunkEnd)
        {
            open = new HeadChunk(new XorChunk(), t);
            _chunks.Add(open);
            _appender = open.Chunk.TypedAppender();
            _openChunkEnd = ChunkBoundary(t, chunkRange);
            newChunk = true;
        }

        _appender.Append(t, v);
        open.MaxTime = t;
        MaxTime = t;
        LastValue = v;
        return AppendError.None;
    }

    /// <summary>True when the sample would be a silent no-op repeat of the newest one.</summary>
    public bool IsRepeat(long t, double v) =>
        _chunks.Count != 0 && t == MaxTime && BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(LastValue);

    private static long ChunkBoundary(long mint, long chunkRange)
    {
        // The end of the aligned range window holding mint (floor division for negative times), in
        // Int128 so that windows at the ends of the long range do not overflow.
        var end = (Int128)mint - (((mint % chunkRange) + chunkRange) % chunkRange) + chunkRange;
        return (long)Int128.Min(end, long.MaxValue);
    }

    /// <summary>Chunk metas overlapping [mint, maxt]; the open chunk's snapshot is taken by the reader.</summary>
    public void ChunkMetas(long mint, long maxt, List<Index.ChunkMeta> into)
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var c = _chunks[i];
            if (c.MinTime <= maxt && mint <= c.MaxTime)
            {
                into.Add(new Index.ChunkMeta(HeadChunkRef.Pack(Ref, _firstChunkId + i), c.MinTime, c.MaxTime));
            }
        }
    }

    /// <summary>A read-only snapshot of the chunk whose id has these low bits, or null if it was truncated.</summary>
    public XorChunk? ChunkSnapshot(long chunkIdLow)
    {
        const long Span = 1L << 24;
        var chunkId = (_firstChunkId & ~(Span - 1)) | chunkIdLow;
        if (chunkId < _firstChunkId)
        {
            chunkId += Span;
        }

        var index = chunkId - _firstChunkId;
        if (index < 0 || index >= _chunks.Count)
        {
            return null;
        }

        var c = _chunks[(int)index];
        // Closed chunks never change again, but the last one may still be appended to.
        return index == _chunks.Count - 1 ? c.Chunk.Snapshot() : c.Chunk;
    }

    /// <summary>Snapshots of every chunk, for persisting a block or iterating the whole series.</summary>
    public void ChunksInRange(long mint, long maxt, List<(HeadChunk Meta, XorChunk Chunk)> into)
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var c = _chunks[i];
            if (c.MinTime <= maxt && mint <= c.MaxTime)
            {
                into.Add((c, i == _chunks.Count - 1 ? c.Chunk.Snapshot() : c.Chunk));
            }
        }
    }

    /// <summary>
    /// Drops chunks entirely before <paramref name="mint"/>. Returns true when nothing is left, so
    /// the series can be garbage-collected.
    /// </summary>
    public bool TruncateBefore(long mint)
    {
        var drop = 0;
        while (drop < _chunks.Count && _chunks[drop].MaxTime < mint)
        {
            drop++;
        }

        if (drop > 0)
        {
            _chunks.RemoveRange(0, drop);
            _firstChunkId += drop;
            if (_chunks.Count == 0)
            {
                _appender = null;
            }
        }

        return _chunks.Count == 0;
    }
}

/// <summary>Packs a head chunk reference: series ref in the high 40 bits, chunk id in the low 24.</summary>
internal static class HeadChunkRef
{
    private const int ChunkBits = 24;

    public static ulong Pack(ulong seriesRef, long chunkId) => (seriesRef << ChunkBits) | ((ulong)chunkId & ((1UL << ChunkBits) - 1));

    public static (ulong SeriesRef, long ChunkIdLow) Unpack(ulong chunkRef) => (chunkRef >> ChunkBits, (long)(chunkRef & ((1UL << ChunkBits) - 1)));
}
