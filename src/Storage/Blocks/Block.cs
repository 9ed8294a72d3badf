using Tsdb.Storage.IO;
using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// An open, immutable, persisted block: its <see cref="Meta"/>, its index (<see cref="IIndexReader"/>;
/// series references are offsets/16 in the series section, so reference order is label order) and
/// its chunks (<see cref="IChunkReader"/>; chunk bytes point into the memory mapping).
/// <para>
/// Reader protocol. Mapped memory may only be touched while a reader reference is held:
/// <code>
/// if (!block.TryAcquireReader()) { /* block is going away: use the new block list */ }
/// try { ... query block, decode chunks ... } finally { block.ReleaseReader(); }
/// </code>
/// Chunks returned by <see cref="Chunk"/> (and their <see cref="IChunk.Bytes"/>) must not be used
/// after the release. <see cref="MarkForDeletion"/> (compaction, retention) and
/// <see cref="Dispose"/> (shutdown) stop new readers at once but unmap the files, and delete the
/// directory in the first case, only when the last reader releases. Neither blocks the caller;
/// <see cref="Released"/> completes at that point.
/// </para>
/// <para>
/// State is one 64-bit word: the reader count in the low bits and <c>ClosingBit</c>. Acquire
/// increments with a CAS loop only while the bit is clear; release decrements; whoever moves the
/// word to exactly <c>ClosingBit</c> (count 0, closing) performs the final release, which
/// therefore runs exactly once.
/// </para>
/// </summary>
public sealed partial class Block : IIndexReader, IChunkReader, IDisposable
{
    private const long ClosingBit = 1L << 62;

    private readonly BlockIndexReader _index;
    private readonly BlockChunkReader _chunks;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _state;
    private int _deleteRequested;
    private int _unmapped;
    private int _deleteClaimed;

    private Block(string dir, BlockMeta meta, BlockIndexReader index, BlockChunkReader chunks, long size, TombstoneSet tombstones)
    {
        Directory = dir;
        Meta = meta;
        _tombstones = tombstones;
        _index = index;
        _chunks = chunks;
        SizeBytes = size;
    }

    public string Directory { get; }

    /// <summary>Replaced (never mutated) when deletions update meta.json.</summary>
    public BlockMeta Meta { get; private set; }

    public Ulid Ulid => Meta.Ulid;

    /// <summary>Inclusive.</summary>
    public long MinTime => Meta.MinTime;

    /// <summary>Exclusive.</summary>
    public long MaxTime => Meta.MaxTime;

    /// <summary>Bytes on disk: index + chunk segments + meta.json (what size retention counts, as Prometheus Block.Size).</summary>
    public long SizeBytes { get; }

    public int NumSeries => _index.SeriesCount;

    public bool PostingsSortedByLabels => true;

    /// <summary>True once <see cref="MarkForDeletion"/> or <see cref="Dispose"/> was called; no new readers are admitted.</summary>
    public bool IsClosing => (Volatile.Read(ref _state) & ClosingBit) != 0;

    /// <summary>Completes when the files have been unmapped (and the directory deleted, if requested).</summary>
    public Task Released => _released.Task;

    /// <summary>Set if deleting the directory after the last reader failed.</summary>
    public Exception? DeletionError { get; private set; }

    /// <summary>
    /// Opens and fully verifies the block in <paramref name="dir"/> (see <see cref="BlockIndexReader"/>
    /// and <see cref="BlockChunkReader"/> for what is checked). Throws <see cref="CorruptBlockException"/>
    /// naming the bad file and the reason.
    /// </summary>
    public static Block Open(string dir)
    {
        var meta = BlockMeta.ReadFromDirectory(dir);
        var indexPath = Path.Combine(dir, BlockDirs.IndexFileName);
        MappedFile? indexFile = null;
        BlockIndexReader? index = null;
        try
        {
            try
            {
                indexFile = MappedFile.Open(indexPath);
            }
            catch (FileNotFoundException e)
            {
                throw new CorruptBlockException(indexPath, "index file is missing", e);
            }

            index = BlockIndexReader.Open(indexFile);
            var chunks = BlockChunkReader.Open(Path.Combine(dir, BlockDirs.ChunksDirName), index.MaxChunkOffsets);
            var size = indexFile.Length + chunks.SizeBytes + new FileInfo(Path.Combine(dir, BlockMeta.FileName)).Length;
            return new Block(dir, meta, index, chunks, size, TombstoneFile.Read(dir));
        }
        catch
        {
            indexFile?.Close();
            throw;
        }
    }

    /// <summary>Registers a reader; false if the block is closing (then do not touch it).</summary>
    public bool TryAcquireReader()
    {
        while (true)
        {
            var s = Volatile.Read(ref _state);
            if ((s & ClosingBit) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, s + 1, s) == s)
            {
                return true;
            }
        }
    }

    /// <summary>Unregisters a reader acquired with <see cref="TryAcquireReader"/>.</summary>
    public void ReleaseReader()
    {
        var s = Interlocked.Decrement(ref _state);
        if ((s & (ClosingBit - 1)) == ClosingBit - 1)
        {
            Interlocked.Increment(ref _state);
            throw new InvalidOperationException("ReleaseReader without a matching TryAcquireReader");
        }

        if (s == ClosingBit)
        {
            FinalRelease();
        }
    }

    /// <summary>
    /// Stops new readers and deletes the block directory once the last current reader released it
    /// (immediately if there is none). Used for compacted-away parents and retention.
    /// </summary>
    public void MarkForDeletion()
    {
        Interlocked.Exchange(ref _deleteRequested, 1);
        BeginClose();
        if (Volatile.Read(ref _unmapped) == 1)
        {
            TryDelete();
        }
    }

    /// <summary>Stops new readers and unmaps the files once the last reader released them. The directory stays.</summary>
    public void Dispose() => BeginClose();

    public IReadOnlyList<string> LabelNames() => _index.LabelNames();

    public IReadOnlyList<string> LabelValues(string name) => _index.LabelValues(name);

    public IPostings Postings(string name, string value) => _index.Postings(name, value);

    public IPostings AllPostings() => _index.AllPostings();

    public bool Series(ulong seriesRef, out Labels labels, List<ChunkMeta> chunks) => _index.Series(seriesRef, out labels, chunks);

    /// <summary>The chunk, verified against its CRC; its bytes are a view of the mapping (valid while the reader is held).</summary>
    public IChunk Chunk(in ChunkMeta meta) => _chunks.Chunk(meta);

    public override string ToString() => $"block {Ulid} [{MinTime}, {MaxTime})";

    private void BeginClose()
    {
        while (true)
        {
            var s = Volatile.Read(ref _state);
            if ((s & ClosingBit) != 0)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, s | ClosingBit, s) == s)
            {
                if (s == 0)
                {
                    FinalRelease();
                }

                return;
            }
        }
    }

    private void FinalRelease()
    {
        _chunks.Close();
        _index.Close();
        Interlocked.Exchange(ref _unmapped, 1);
        if (Volatile.Read(ref _deleteRequested) == 1)
        {
            TryDelete();
        }

        _released.TrySetResult();
    }

    private void TryDelete()
    {
        if (Interlocked.Exchange(ref _deleteClaimed, 1) != 0)
        {
            return;
        }

        try
        {
            FileSync.DeleteDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeletionError = e;
        }

        _released.TrySetResult();
    }
}
