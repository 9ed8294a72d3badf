using Tsdb.Storage.IO;
using System.Buffers;
using System.Runtime.InteropServices;

namespace Tsdb.Storage.Wal;

/// <summary>
/// Checkpoints, after Prometheus tsdb/wlog/checkpoint.go: before the log below a cut is dropped, the
/// records still needed are rewritten into a checkpoint, so replay never meets a sample of an
/// unknown series.
/// </summary>
internal static class Checkpoint
{
    /// <summary>
    /// Reads every record before <paramref name="cut"/> (the previous checkpoint, then the log from its
    /// cut) and writes a new checkpoint with the series records of series that <paramref name="keepSeries"/>
    /// accepts, their samples with t &gt;= <paramref name="mint"/> and their tombstones with maxt &gt;= mint.
    /// Unknown record types are dropped (Prometheus does the same). Then deletes the segments before the
    /// cut's segment and the older checkpoint.
    /// <para>
    /// Crash safety, step by step: (1) write <c>checkpoint.X.tmp/00000000</c>, fsync it and the temp dir;
    /// (2) rename to <c>checkpoint.X</c>, fsync the WAL dir: from here on replay uses the new checkpoint and
    /// skips everything before the cut; (3) delete old segments and the old checkpoint, fsync. A crash
    /// before (2) leaves a temp dir (deleted on open) and the old state; after (2), the leftovers of (3)
    /// are deleted on open. Records of the cut's segment before the cut stay on disk until the next
    /// truncation, but replay starts that segment at the cut offset.
    /// </para>
    /// Blocking (file I/O for the whole range): call it from a background thread, not the thread pool's hot path.
    /// Throws <see cref="InvalidDataException"/> (and leaves the WAL untouched) if the range to
    /// checkpoint is corrupt, and <see cref="ArgumentException"/> if the cut is not a record boundary.
    /// </summary>
    public static CheckpointResult Create(SegmentWal wal, long cut, Func<ulong, bool> keepSeries, long mint)
    {
        ArgumentNullException.ThrowIfNull(wal);
        ArgumentNullException.ThrowIfNull(keepSeries);
        lock (wal.MaintenanceLock)
        {
            wal.EnsureStarted();
            if (cut < 0 || cut > wal.EnqueuedEnd)
            {
                throw new ArgumentOutOfRangeException(nameof(cut), cut, "beyond the end of the log");
            }

            // Everything below the cut must be on disk before we read it from the files.
            wal.WaitForCommittedEnd(cut);

            var dir = wal.Directory;
            var checkpoints = WalDirectory.ListCheckpoints(dir);
            var previous = checkpoints.Count > 0 ? checkpoints[^1] : null;
            if (previous is not null && cut <= previous.Cut)
            {
                return new CheckpointResult { Cut = previous.Cut };
            }

            var finalPath = Path.Combine(dir, WalDirectory.CheckpointName(cut));
            var tempPath = finalPath + WalDirectory.TempSuffix;
            if (System.IO.Directory.Exists(tempPath))
            {
                System.IO.Directory.Delete(tempPath, recursive: true);
            }

            System.IO.Directory.CreateDirectory(tempPath);
            var filter = new Filter(keepSeries, mint);
            try
            {
                using (var output = new FileStream(Path.Combine(tempPath, WalDirectory.CheckpointFile), FileMode.CreateNew,
                           FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
                {
                    filter.Output = output;
                    if (previous is not null)
                    {
                        ReadFile(Path.Combine(previous.Path, WalDirectory.CheckpointFile), 0, long.MaxValue, filter);
                    }

                    ReadLog(dir, previous?.Cut ?? 0, cut, filter);
                    output.Flush(flushToDisk: true);
                    filter.BytesWritten = output.Length;
                }

                FileSync.SyncDirectory(tempPath);
                System.IO.Directory.Move(tempPath, finalPath);
                FileSync.SyncDirectory(dir);
            }
            catch
            {
                try
                {
                    System.IO.Directory.Delete(tempPath, recursive: true);
                }
                catch (IOException)
                {
                    // Best effort; the next open deletes temp dirs anyway.
                }

                throw;
            }

            var deleted = wal.TruncateBeforeLocked(cut);
            foreach (var old in checkpoints)
            {
                System.IO.Directory.Delete(old.Path, recursive: true);
            }

            FileSync.SyncDirectory(dir);
            return filter.ToResult(cut, finalPath, deleted);
        }
    }

    private static void ReadLog(string dir, long from, long cut, Filter filter)
    {
        var fromSegment = WalPosition.Segment(from);
        var cutSegment = WalPosition.Segment(cut);
        var cutOffset = WalPosition.Offset(cut);
        var last = -1;
        foreach (var s in WalDirectory.ListSegments(dir))
        {
            if (s.Index < fromSegment || s.Index > cutSegment || (s.Index == cutSegment && cutOffset == 0))
            {
                continue;
            }

            if (last >= 0 && s.Index != last + 1)
            {
                throw new InvalidDataException($"cannot checkpoint: WAL segment {WalDirectory.SegmentName(last + 1)} is missing");
            }

            last = s.Index;
            var start = s.Index == fromSegment ? WalPosition.Offset(from) : 0;
            var limit = s.Index == cutSegment ? cutOffset : long.MaxValue;
            var end = ReadFile(s.Path, start, limit, filter);
            if (s.Index == cutSegment && end != cutOffset)
            {
                throw new InvalidDataException($"cannot checkpoint: WAL segment {WalDirectory.SegmentName(s.Index)} ends at {end}, before the cut at {cutOffset}");
            }
        }

        if (cutOffset > 0 && last != cutSegment)
        {
            throw new InvalidDataException($"cannot checkpoint: WAL segment {WalDirectory.SegmentName(cutSegment)} holding the cut is missing");
        }
    }

    /// <summary>Feeds the records of one file to the filter; returns the offset where reading stopped.</summary>
    private static long ReadFile(string path, long start, long limit, Filter filter)
    {
        using var reader = new WalFileReader(path, start, limit);
        WalReadStatus status;
        while ((status = reader.Next(out var record)) == WalReadStatus.Record)
        {
            filter.Process(record);
        }

        if (status == WalReadStatus.Corrupt)
        {
            throw new InvalidDataException($"cannot checkpoint: {path} is corrupt at offset {reader.Offset} ({reader.CorruptionReason})");
        }

        if (reader.EndedInsideRecord)
        {
            throw new ArgumentException($"the checkpoint cut (offset {limit} of {path}) is not a record boundary");
        }

        return reader.Offset;
    }

    /// <summary>Decodes, filters and re-encodes records; lists and the buffer are reused across records.</summary>
    private sealed class Filter
    {
        // Cached once: RemoveAll runs per record, and a lambda over locals would allocate each time.
        private readonly Predicate<RefSeries> _dropSeries;
        private readonly Predicate<RefSample> _dropSample;
        private readonly Predicate<RefTombstone> _dropTombstone;
        private readonly List<RefSeries> _series = [];
        private readonly List<RefSample> _samples = [];
        private readonly List<RefTombstone> _tombstones = [];
        private readonly ArrayBufferWriter<byte> _buffer = new(64 << 10);
        private long _recordsRead;
        private long _recordsWritten;
        private long _seriesKept;
        private long _seriesDropped;
        private long _samplesKept;
        private long _samplesDropped;
        private long _tombstonesKept;
        private long _tombstonesDropped;
        private long _unknown;

        public Filter(Func<ulong, bool> keepSeries, long mint)
        {
            _dropSeries = s => !keepSeries(s.Ref);
            _dropSample = s => s.T < mint || !keepSeries(s.Ref);
            _dropTombstone = t => t.MaxT < mint || !keepSeries(t.Ref);
        }

        public Stream? Output { get; set; }

        public long BytesWritten { get; set; }

        public void Process(ReadOnlySpan<byte> record)
        {
            _recordsRead++;
            _buffer.ResetWrittenCount();
            switch (WalRecords.GetRecordType(record))
            {
                case WalRecordType.Series:
                    _series.Clear();
                    WalRecords.DecodeSeries(record, _series);
                    _seriesDropped += _series.RemoveAll(_dropSeries);
                    _seriesKept += _series.Count;
                    if (_series.Count > 0)
                    {
                        WalRecords.EncodeSeries(_buffer, CollectionsMarshal.AsSpan(_series));
                    }

                    break;
                case WalRecordType.Samples:
                    _samples.Clear();
                    WalRecords.DecodeSamples(record, _samples);
                    _samplesDropped += _samples.RemoveAll(_dropSample);
                    _samplesKept += _samples.Count;
                    if (_samples.Count > 0)
                    {
                        WalRecords.EncodeSamples(_buffer, CollectionsMarshal.AsSpan(_samples));
                    }

                    break;
                case WalRecordType.Tombstones:
                    _tombstones.Clear();
                    WalRecords.DecodeTombstones(record, _tombstones);
                    _tombstonesDropped += _tombstones.RemoveAll(_dropTombstone);
                    _tombstonesKept += _tombstones.Count;
                    if (_tombstones.Count > 0)
                    {
                        WalRecords.EncodeTombstones(_buffer, CollectionsMarshal.AsSpan(_tombstones));
                    }

                    break;
                default:
                    _unknown++;
                    break;
            }

            if (_buffer.WrittenCount > 0)
            {
                WalFraming.WriteFrame(Output!, _buffer.WrittenSpan);
                _recordsWritten++;
            }
        }

        public CheckpointResult ToResult(long cut, string path, int segmentsDeleted) => new()
        {
            Cut = cut,
            Directory = path,
            RecordsRead = _recordsRead,
            RecordsWritten = _recordsWritten,
            SeriesKept = _seriesKept,
            SeriesDropped = _seriesDropped,
            SamplesKept = _samplesKept,
            SamplesDropped = _samplesDropped,
            TombstonesKept = _tombstonesKept,
            TombstonesDropped = _tombstonesDropped,
            UnknownRecordsDropped = _unknown,
            SegmentsDeleted = segmentsDeleted,
            BytesWritten = BytesWritten,
        };
    }
}
