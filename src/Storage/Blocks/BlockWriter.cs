using Tsdb.Storage.IO;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Persists series as an immutable block directory. The block is built in
/// <c>&lt;parent&gt;/&lt;ulid&gt;.tmp-for-creation</c> (chunk segments, then index, then meta.json),
/// every file and the directory are fsynced, and only then is it renamed to
/// <c>&lt;parent&gt;/&lt;ulid&gt;</c> and the parent directory fsynced. A crash at any point leaves
/// either no block or the complete block; leftovers are removed by <see cref="BlockSet.Open"/>.
/// <para>
/// Series are streamed: chunk bytes go straight to disk and chunk metas to a spool file, so memory
/// holds only the symbols and the postings lists. Safe to call from a background thread; it does
/// not touch any open <see cref="Block"/>.
/// </para>
/// </summary>
public sealed class BlockWriter
{
    private readonly long _maxSegmentSize;

    /// <param name="maxSegmentSize">Chunk segment size limit; default 512 MiB (tests use small values).</param>
    public BlockWriter(long maxSegmentSize = ChunkSegmentFormat.DefaultMaxSegmentSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentSize, 64);
        _maxSegmentSize = maxSegmentSize;
    }

    /// <summary>
    /// Writes a level-1 block (e.g. from the head) covering [<paramref name="minTime"/>,
    /// <paramref name="maxTime"/>) and returns its meta; the block is at
    /// <c>Path.Combine(parentDir, meta.Ulid.ToString())</c>, ready for <see cref="Block.Open"/>.
    /// </summary>
    /// <param name="series">Sorted by labels (<see cref="Labels.CompareTo"/>), no duplicates. Series
    /// without chunks are skipped; chunks reaching outside the range are trimmed and overlapping
    /// chunks merged.</param>
    public BlockMeta Write(string parentDir, long minTime, long maxTime, IEnumerable<BlockSeries> series, CancellationToken cancellationToken = default)
    {
        var ulid = Ulid.New();
        return Write(parentDir, ulid, minTime, maxTime, new BlockCompaction { Level = 1, Sources = [ulid] }, series, cancellationToken);
    }

    /// <summary>Writes a block with the given identity and compaction history (used by <see cref="Compactor"/>).</summary>
    public BlockMeta Write(string parentDir, Ulid ulid, long minTime, long maxTime, BlockCompaction compaction, IEnumerable<BlockSeries> series, CancellationToken cancellationToken = default)
    {
        if (maxTime <= minTime)
        {
            throw new ArgumentException($"empty block range [{minTime}, {maxTime})");
        }

        var finalDir = Path.Combine(parentDir, ulid.ToString());
        var tmpDir = finalDir + BlockDirs.TmpForCreationSuffix;
        Directory.CreateDirectory(parentDir);
        if (Directory.Exists(tmpDir))
        {
            Directory.Delete(tmpDir, recursive: true);
        }

        Directory.CreateDirectory(tmpDir);
        try
        {
            var stats = WriteContent(tmpDir, minTime, maxTime, series, cancellationToken);
            var meta = new BlockMeta { Ulid = ulid, MinTime = minTime, MaxTime = maxTime, Stats = stats, Compaction = compaction };
            using (var f = new FileStream(Path.Combine(tmpDir, BlockMeta.FileName), FileMode.CreateNew, FileAccess.Write))
            {
                f.Write(meta.ToJson());
                f.Flush(flushToDisk: true);
            }

            FileSync.SyncDirectory(Path.Combine(tmpDir, BlockDirs.ChunksDirName));
            FileSync.SyncDirectory(tmpDir);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(tmpDir, finalDir);
            FileSync.SyncDirectory(parentDir);
            return meta;
        }
        catch
        {
            try
            {
                if (Directory.Exists(tmpDir))
                {
                    Directory.Delete(tmpDir, recursive: true);
                }
            }
            catch (IOException)
            {
                // Best effort: BlockSet.Open removes leftovers.
            }

            throw;
        }
    }

    private BlockStats WriteContent(string dir, long minTime, long maxTime, IEnumerable<BlockSeries> series, CancellationToken cancellationToken)
    {
        ulong numSamples = 0, numChunks = 0;
        using var chunkWriter = new ChunkSegmentWriter(Path.Combine(dir, BlockDirs.ChunksDirName), _maxSegmentSize);
        using var indexWriter = new IndexWriter(Path.Combine(dir, BlockDirs.IndexFileName));
        var metas = new List<ChunkMeta>();
        Labels? prev = null;
        var n = 0;
        foreach (var s in series)
        {
            if ((++n & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (prev is not null && prev.CompareTo(s.Labels) >= 0)
            {
                throw new ArgumentException($"series not sorted by labels or duplicated: {s.Labels} after {prev}", nameof(series));
            }

            prev = s.Labels;
            var chunks = ChunkNormalizer.Normalize(s.Chunks, minTime, maxTime);
            if (chunks.Count == 0)
            {
                continue;
            }

            metas.Clear();
            foreach (var (meta, chunk) in chunks)
            {
                var r = chunkWriter.Write(chunk.Encoding, chunk.Bytes.Span);
                metas.Add(new ChunkMeta(r, meta.MinTime, meta.MaxTime));
                numSamples += (ulong)chunk.NumSamples;
                numChunks++;
            }

            indexWriter.AddSeries(s.Labels, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(metas));
        }

        chunkWriter.Finish();
        indexWriter.Finish(cancellationToken);
        return new BlockStats { NumSamples = numSamples, NumChunks = numChunks, NumSeries = (ulong)indexWriter.SeriesCount };
    }
}
