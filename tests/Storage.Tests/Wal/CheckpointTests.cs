using System.Buffers;
using System.Globalization;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage.Tests.Wal;

public class CheckpointTests
{
    private static readonly WalOptions Options = new() { SegmentSize = 1024 };

    private static void Log(SegmentWal wal, ArrayBufferWriter<byte> buffer, Action<ArrayBufferWriter<byte>> encode)
    {
        buffer.ResetWrittenCount();
        encode(buffer);
        wal.WaitForCommit(wal.Enqueue(buffer.WrittenSpan));
    }

    private static void LogSeries(SegmentWal wal, ArrayBufferWriter<byte> b, params ulong[] refs) =>
        Log(wal, b, w => WalRecords.EncodeSeries(w, refs.Select(r => new RefSeries(r, Labels.FromStrings("__name__", "m", "id", r.ToString(CultureInfo.InvariantCulture)))).ToArray()));

    private static void LogSamples(SegmentWal wal, ArrayBufferWriter<byte> b, long t, params ulong[] refs) =>
        Log(wal, b, w => WalRecords.EncodeSamples(w, refs.Select(r => new RefSample(r, t, r + t / 1000.0)).ToArray()));

    private static void LogTombstone(SegmentWal wal, ArrayBufferWriter<byte> b, ulong r, long mint, long maxt) =>
        Log(wal, b, w => WalRecords.EncodeTombstones(w, [new RefTombstone(r, mint, maxt)]));

    /// <summary>Replays and renders every entry as text ("series 1", "sample 1@1000", "tombstone 1 0..5").</summary>
    private static (List<string> Entries, WalReplayResult Result) ReplayEntries(string dir)
    {
        var entries = new List<string>();
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var tombstones = new List<RefTombstone>();
        using var wal = SegmentWal.Open(dir, Options);
        var result = wal.Replay(record =>
        {
            switch (WalRecords.GetRecordType(record))
            {
                case WalRecordType.Series:
                    series.Clear();
                    WalRecords.DecodeSeries(record, series);
                    entries.AddRange(series.Select(s => $"series {s.Ref} {s.Labels}"));
                    break;
                case WalRecordType.Samples:
                    samples.Clear();
                    WalRecords.DecodeSamples(record, samples);
                    entries.AddRange(samples.Select(s => FormattableString.Invariant($"sample {s.Ref}@{s.T}={s.V}")));
                    break;
                case WalRecordType.Tombstones:
                    tombstones.Clear();
                    WalRecords.DecodeTombstones(record, tombstones);
                    entries.AddRange(tombstones.Select(t => $"tombstone {t.Ref} {t.MinT}..{t.MaxT}"));
                    break;
                default:
                    entries.Add("unknown");
                    break;
            }
        });
        return (entries, result);
    }

    private static string Series(ulong r) => $"series {r} {Labels.FromStrings("__name__", "m", "id", r.ToString(CultureInfo.InvariantCulture))}";

    private static string Sample(ulong r, long t) => FormattableString.Invariant($"sample {r}@{t}={r + t / 1000.0}");

    /// <summary>Series 1..6; samples at t = 1000..20000 for all; tombstones; series 1-3 kept, mint 15000.</summary>
    private static void WriteHistory(SegmentWal wal, ArrayBufferWriter<byte> b)
    {
        LogSeries(wal, b, 1, 2, 3, 4, 5, 6);
        for (var t = 1000L; t <= 20000; t += 1000)
        {
            LogSamples(wal, b, t, 1, 2, 3, 4, 5, 6);
        }

        LogTombstone(wal, b, 1, 0, 20000);
        LogTombstone(wal, b, 2, 0, 500);   // maxt < mint: dropped
        LogTombstone(wal, b, 5, 0, 20000); // series not kept: dropped
        wal.Enqueue([99, 1, 2, 3]);        // unknown record type: dropped
    }

    private static List<string> ExpectedCheckpoint()
    {
        var e = new List<string> { Series(1), Series(2), Series(3) };
        for (var t = 15000L; t <= 20000; t += 1000)
        {
            e.AddRange([Sample(1, t), Sample(2, t), Sample(3, t)]);
        }

        e.Add("tombstone 1 0..20000");
        return e;
    }

    private static bool Keep(ulong r) => r <= 3;

    [Fact]
    public void Checkpoint_KeepsLiveSeriesAndRecentSamples_AndTruncatesTheLog()
    {
        using var dir = new TestDirectory();
        var b = new ArrayBufferWriter<byte>();
        CheckpointResult result;
        using (var wal = SegmentWal.Open(dir.Path, Options))
        {
            WriteHistory(wal, b);
            var cut = wal.StartNewSegment();
            Assert.True(WalPosition.Segment(cut) >= 2, "history should span several segments");
            result = wal.CreateCheckpoint(cut, Keep, 15000);
            LogSeries(wal, b, 7);
            LogSamples(wal, b, 21000, 1, 7);

            Assert.Equal(WalPosition.Segment(cut), wal.SegmentRange.First); // old segments are gone
        }

        Assert.Equal(3, result.SeriesKept);
        Assert.Equal(3, result.SeriesDropped);
        Assert.Equal(18, result.SamplesKept);
        Assert.Equal(120 - 18, result.SamplesDropped);
        Assert.Equal(1, result.TombstonesKept);
        Assert.Equal(2, result.TombstonesDropped);
        Assert.Equal(1, result.UnknownRecordsDropped);
        Assert.True(result.SegmentsDeleted >= 2);
        Assert.True(Directory.Exists(result.Directory));

        var (entries, replay) = ReplayEntries(dir.Path);
        Assert.False(replay.IsCorrupt);
        Assert.Equal(result.Cut, replay.CheckpointCut);
        Assert.Equal([.. ExpectedCheckpoint(), Series(7), Sample(1, 21000), Sample(7, 21000)], entries);
    }

    [Fact]
    public void SecondCheckpoint_FoldsInTheFirst_AndDeletesIt()
    {
        using var dir = new TestDirectory();
        var b = new ArrayBufferWriter<byte>();
        string? first;
        using (var wal = SegmentWal.Open(dir.Path, Options))
        {
            WriteHistory(wal, b);
            first = wal.CreateCheckpoint(wal.StartNewSegment(), Keep, 15000).Directory;
            LogSamples(wal, b, 21000, 1, 2);
            var second = wal.CreateCheckpoint(wal.StartNewSegment(), r => r == 1, 18000);
            Assert.False(Directory.Exists(first));
            Assert.True(Directory.Exists(second.Directory));
            LogSamples(wal, b, 22000, 1);
        }

        var (entries, _) = ReplayEntries(dir.Path);
        Assert.Equal(
            [Series(1), Sample(1, 18000), Sample(1, 19000), Sample(1, 20000), "tombstone 1 0..20000", Sample(1, 21000), Sample(1, 22000)],
            entries);
    }

    [Fact]
    public void CutInsideASegment_DoesNotReplayRecordsTwice()
    {
        using var dir = new TestDirectory();
        var b = new ArrayBufferWriter<byte>();
        using (var wal = SegmentWal.Open(dir.Path, new WalOptions { SegmentSize = 1 << 20 }))
        {
            LogSeries(wal, b, 1);
            LogSamples(wal, b, 1000, 1);
            LogSamples(wal, b, 2000, 1);
            var cut = wal.Enqueue(b.WrittenSpan); // samples @2000 again: the first record after the cut
            wal.WaitForCommit(cut);
            var result = wal.CreateCheckpoint(cut, static _ => true, 0);
            Assert.Equal(0, result.SegmentsDeleted); // the cut's segment stays
            LogSamples(wal, b, 3000, 1);
        }

        var (entries, _) = ReplayEntries(dir.Path);
        Assert.Equal([Series(1), Sample(1, 1000), Sample(1, 2000), Sample(1, 2000), Sample(1, 3000)], entries);
    }

    [Fact]
    public void CutThatIsNotARecordBoundary_IsRejected_AndChangesNothing()
    {
        using var dir = new TestDirectory();
        var b = new ArrayBufferWriter<byte>();
        using var wal = SegmentWal.Open(dir.Path, new WalOptions { SegmentSize = 1 << 20 });
        LogSeries(wal, b, 1);
        var p = wal.Enqueue(new byte[100]);
        wal.WaitForCommit(p);
        Assert.Throws<ArgumentException>(() => wal.CreateCheckpoint(p + 3, static _ => true, 0));
        Assert.Empty(WalDirectory.ListCheckpoints(dir.Path));
        Assert.Empty(WalDirectory.ListTempCheckpoints(dir.Path));
    }

    [Fact]
    public void CrashLeftovers_AreCleanedUpOnOpen()
    {
        using var dir = new TestDirectory();
        var b = new ArrayBufferWriter<byte>();
        long cut;
        using (var wal = SegmentWal.Open(dir.Path, Options))
        {
            WriteHistory(wal, b);
            cut = wal.StartNewSegment();
        }

        // Keep a copy of the pre-checkpoint segments to fake "crashed before truncation".
        var copies = WalDirectory.ListSegments(dir.Path).Where(s => s.Index < WalPosition.Segment(cut))
            .Select(s => (s.Path, Bytes: File.ReadAllBytes(s.Path))).ToList();
        using (var wal = SegmentWal.Open(dir.Path, Options))
        {
            wal.CreateCheckpoint(cut, Keep, 15000);
        }

        var (expected, _) = ReplayEntries(dir.Path);
        foreach (var (path, bytes) in copies)
        {
            File.WriteAllBytes(path, bytes);
        }

        var tmp = Path.Combine(dir.Path, WalDirectory.CheckpointName(cut + 4096) + WalDirectory.TempSuffix);
        Directory.CreateDirectory(tmp);
        File.WriteAllBytes(Path.Combine(tmp, WalDirectory.CheckpointFile), [1, 2, 3]);
        var older = Path.Combine(dir.Path, WalDirectory.CheckpointName(WalPosition.Make(0, 0)));
        Directory.CreateDirectory(older);

        var (entries, result) = ReplayEntries(dir.Path);
        Assert.False(result.IsCorrupt);
        Assert.Equal(expected, entries);
        Assert.False(Directory.Exists(tmp));
        Assert.False(Directory.Exists(older));
        Assert.All(copies, c => Assert.False(File.Exists(c.Path)));
    }

    [Fact]
    public void CrashBeforeRename_LeavesTheOldStateReplayable()
    {
        using var dir = new TestDirectory();
        var b = new ArrayBufferWriter<byte>();
        using (var wal = SegmentWal.Open(dir.Path, Options))
        {
            WriteHistory(wal, b);
        }

        var (before, _) = ReplayEntries(dir.Path);
        // A half-written checkpoint as a crash would leave it.
        var tmp = Path.Combine(dir.Path, WalDirectory.CheckpointName(WalPosition.Make(3, 0)) + WalDirectory.TempSuffix);
        Directory.CreateDirectory(tmp);
        File.WriteAllBytes(Path.Combine(tmp, WalDirectory.CheckpointFile), new byte[77]);
        var (after, result) = ReplayEntries(dir.Path);
        Assert.False(result.IsCorrupt);
        Assert.Equal(before, after);
    }

    [Fact]
    public void CorruptCheckpoint_IsReported_AndTheLogStillReplays()
    {
        using var dir = new TestDirectory();
        var b = new ArrayBufferWriter<byte>();
        string checkpoint;
        using (var wal = SegmentWal.Open(dir.Path, Options))
        {
            WriteHistory(wal, b);
            checkpoint = wal.CreateCheckpoint(wal.StartNewSegment(), Keep, 15000).Directory!;
            LogSamples(wal, b, 21000, 1);
        }

        var file = Path.Combine(checkpoint, WalDirectory.CheckpointFile);
        using (var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            fs.SetLength(fs.Length - 3);
        }

        var (entries, result) = ReplayEntries(dir.Path);
        var c = Assert.Single(result.Corruptions);
        Assert.True(c.InCheckpoint);
        Assert.Contains("WAL checkpoint corruption", result.Warning);
        Assert.Equal(Sample(1, 21000), entries[^1]);
        Assert.Equal(Series(1), entries[0]);
    }

    [Fact]
    public void CheckpointOfAnEmptyLog_Works()
    {
        using var dir = new TestDirectory();
        using (var wal = SegmentWal.Open(dir.Path, Options))
        {
            var result = wal.CreateCheckpoint(wal.StartNewSegment(), static _ => true, 0);
            Assert.Equal(0, result.RecordsRead);
            wal.WaitForCommit(wal.Enqueue([(byte)WalRecordType.Samples]));
        }

        var (entries, replay) = ReplayEntries(dir.Path);
        Assert.Empty(entries);
        Assert.Equal(1, replay.RecordsRead);
    }
}
