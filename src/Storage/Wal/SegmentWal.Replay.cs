using Tsdb.Storage.IO;
namespace Tsdb.Storage.Wal;

/// <summary>
/// Replay and repair. Reading order: the newest checkpoint, then the segments from the checkpoint's
/// cut (the cut's own segment from the cut offset). The first bad frame, or a missing segment in
/// the sequence, ends the log: everything after it is discarded (as Prometheus's wlog.Repair does),
/// because records after a hole may depend on lost ones (a sample whose series record is gone).
/// <para>
/// Repair, crash-safe in this order: delete the later segments, highest first (an interrupted
/// repair leaves a shorter but gap-free log and the next open repeats the rest), then truncate
/// the corrupt segment at the last valid record and fsync it, then fsync the directory. The writer
/// then starts a new segment after it, so later appends follow the last good record and a later
/// replay reads them. A corrupt checkpoint (only possible through bit rot: it is fsynced before
/// its rename) is reported and skipped from the bad frame on; the log after it is still read.
/// </para>
/// </summary>
internal sealed partial class SegmentWal
{
    public WalReplayResult Replay(WalRecordHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_maintenanceLock)
        {
            if (_state != StateNew)
            {
                throw new InvalidOperationException("the WAL can only be replayed before the first append");
            }

            var result = ReplayCore(handler);
            LastReplayResult = result;
            return result;
        }
    }

    /// <summary>Reads everything (handing records to <paramref name="handler"/> when given), repairs, and sets the writer's start segment.</summary>
    private WalReplayResult ReplayCore(WalRecordHandler? handler)
    {
        var corruptions = new List<WalCorruption>(1);
        long checkpointRecords = 0;
        long logRecords = 0;
        long cut = 0;
        long? checkpointCut = null;

        var checkpoints = WalDirectory.ListCheckpoints(Directory);
        if (checkpoints.Count > 0)
        {
            var checkpoint = checkpoints[^1];
            cut = checkpoint.Cut;
            checkpointCut = cut;
            checkpointRecords = ReadCheckpoint(checkpoint, handler, corruptions);
        }

        var cutSegment = WalPosition.Segment(cut);
        var cutOffset = WalPosition.Offset(cut);
        var segments = WalDirectory.ListSegments(Directory);
        segments.RemoveAll(s => s.Index < cutSegment);

        var lastKept = -1;
        var segmentsRead = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (lastKept >= 0 && s.Index != lastKept + 1)
            {
                var missing = lastKept + 1;
                corruptions.Add(new WalCorruption(WalDirectory.SegmentPath(Directory, missing), missing, 0,
                    SumLengths(segments, i), $"segment {WalDirectory.SegmentName(missing)} is missing"));
                DeleteSegmentsFrom(segments, i);
                break;
            }

            lastKept = s.Index;
            segmentsRead++;
            var start = s.Index == cutSegment ? cutOffset : 0;
            if (start >= s.Length)
            {
                continue; // nothing at or after the cut in this segment
            }

            long corruptAt;
            string reason;
            using (var reader = new WalFileReader(s.Path, start))
            {
                WalReadStatus status;
                while ((status = reader.Next(out var record)) == WalReadStatus.Record)
                {
                    handler?.Invoke(record);
                    logRecords++;
                }

                if (status == WalReadStatus.End)
                {
                    continue;
                }

                corruptAt = reader.Offset;
                reason = reader.CorruptionReason!;
            }

            corruptions.Add(new WalCorruption(s.Path, s.Index, corruptAt, s.Length - corruptAt + SumLengths(segments, i + 1), reason));
            DeleteSegmentsFrom(segments, i + 1);
            TruncateFile(s.Path, corruptAt);
            break;
        }

        if (corruptions.Count > 0)
        {
            FileSync.SyncDirectory(Directory);
        }

        // New records must lie at or after the cut, or replay would skip them.
        _nextSegment = Math.Max(lastKept + 1, cutOffset == 0 ? cutSegment : cutSegment + 1);

        _validated = true;
        return new WalReplayResult
        {
            RecordsRead = checkpointRecords + logRecords,
            CheckpointRecordsRead = checkpointRecords,
            CheckpointCut = checkpointCut,
            SegmentsRead = segmentsRead,
            Corruptions = corruptions,
        };
    }

    private static long ReadCheckpoint(WalDirectory.CheckpointDir checkpoint, WalRecordHandler? handler, List<WalCorruption> corruptions)
    {
        var file = Path.Combine(checkpoint.Path, WalDirectory.CheckpointFile);
        if (!File.Exists(file))
        {
            corruptions.Add(new WalCorruption(file, -1, 0, 0, "checkpoint file missing"));
            return 0;
        }

        long count = 0;
        using var reader = new WalFileReader(file);
        WalReadStatus status;
        while ((status = reader.Next(out var record)) == WalReadStatus.Record)
        {
            handler?.Invoke(record);
            count++;
        }

        if (status == WalReadStatus.Corrupt)
        {
            corruptions.Add(new WalCorruption(file, -1, reader.Offset, reader.FileLength - reader.Offset, reader.CorruptionReason!));
        }

        return count;
    }

    private static long SumLengths(List<WalDirectory.SegmentFile> segments, int from)
    {
        long n = 0;
        for (var i = from; i < segments.Count; i++)
        {
            n += segments[i].Length;
        }

        return n;
    }

    private static void DeleteSegmentsFrom(List<WalDirectory.SegmentFile> segments, int from)
    {
        for (var i = segments.Count - 1; i >= from; i--)
        {
            File.Delete(segments[i].Path);
        }
    }

    private static void TruncateFile(string path, long length)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        fs.SetLength(length);
        fs.Flush(flushToDisk: true);
    }
}
