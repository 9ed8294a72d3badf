using Tsdb.Storage.Wal;
using static Tsdb.Storage.Tests.Wal.WalTestUtil;

namespace Tsdb.Storage.Tests.Wal;

/// <summary>Torn and corrupt logs: replay never throws, keeps everything before the damage, reports the loss, and repairs.</summary>
public class WalCorruptionTests
{
    /// <summary>Writes records 0..count-1 and returns their positions.</summary>
    private static long[] Write(string dir, int count, WalOptions? options = null)
    {
        var positions = new long[count];
        using var wal = SegmentWal.Open(dir, options);
        for (var i = 0; i < count; i++)
        {
            positions[i] = wal.Enqueue(Record(i));
        }

        wal.Commit();
        return positions;
    }

    private static List<byte[]> Records(int from, int count) => Enumerable.Range(from, count).Select(i => Record(i)).ToList();

    private static void FlipByte(string path, long offset)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        var b = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte((byte)(b ^ 0x5A));
    }

    private static void SetLength(string path, long length)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.SetLength(length);
    }

    /// <summary>Appends records from..from+count-1 after a reopen, then checks a second reopen sees survivors + them.</summary>
    private static void AppendAfterRepairAndVerify(string dir, List<byte[]> survivors, int from, int count, WalOptions? options = null)
    {
        using (var wal = SegmentWal.Open(dir, options))
        {
            Append(wal, from, count);
        }

        var (records, result) = Replay(dir, options);
        Assert.False(result.IsCorrupt, result.Warning);
        AssertRecords([.. survivors, .. Records(from, count)], records);
    }

    [Fact]
    public void TornTail_LastSegmentTruncatedMidRecord()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 100);
        var segment = WalDirectory.SegmentPath(dir.Path, 0);
        var cutAt = WalPosition.Offset(positions[99]) + 10;
        SetLength(segment, cutAt);

        var (records, result) = Replay(dir.Path);
        AssertRecords(Records(0, 99), records);
        var c = Assert.Single(result.Corruptions);
        Assert.Equal(0, c.Segment);
        Assert.Equal(WalPosition.Offset(positions[99]), c.Offset);
        Assert.Equal(10, c.BytesDiscarded);
        Assert.Contains("WAL corruption at segment 0 offset", result.Warning);
        Assert.Contains("10 bytes discarded after the last valid record", result.Warning);
        Assert.Equal(WalPosition.Offset(positions[99]), new FileInfo(segment).Length); // repaired

        AppendAfterRepairAndVerify(dir.Path, Records(0, 99), 1000, 30);
    }

    [Fact]
    public void TornTail_OnlyPartOfAHeader()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 10);
        SetLength(WalDirectory.SegmentPath(dir.Path, 0), WalPosition.Offset(positions[9]) + 3);
        var (records, result) = Replay(dir.Path);
        AssertRecords(Records(0, 9), records);
        Assert.Contains("torn record header", result.Warning);
        AppendAfterRepairAndVerify(dir.Path, Records(0, 9), 100, 5);
    }

    [Fact]
    public void FlippedBytes_InTheLastRecord()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 100);
        FlipByte(WalDirectory.SegmentPath(dir.Path, 0), WalPosition.Offset(positions[99]) + WalFraming.HeaderSize + 2);

        var (records, result) = Replay(dir.Path);
        AssertRecords(Records(0, 99), records);
        var c = Assert.Single(result.Corruptions);
        Assert.Equal("checksum mismatch", c.Reason);
        Assert.Equal(WalFraming.HeaderSize + Record(99).Length, c.BytesDiscarded);

        AppendAfterRepairAndVerify(dir.Path, Records(0, 99), 1000, 30);
    }

    [Fact]
    public void FlippedBytes_InAMiddleRecord_DiscardTheRestOfTheLog()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 100);
        var segment = WalDirectory.SegmentPath(dir.Path, 0);
        var length = new FileInfo(segment).Length;
        FlipByte(segment, WalPosition.Offset(positions[50]) + WalFraming.HeaderSize);

        var (records, result) = Replay(dir.Path);
        AssertRecords(Records(0, 50), records);
        var c = Assert.Single(result.Corruptions);
        Assert.Equal(length - WalPosition.Offset(positions[50]), c.BytesDiscarded);

        // Records acknowledged after the repair must not be hidden behind the corrupt one.
        AppendAfterRepairAndVerify(dir.Path, Records(0, 50), 1000, 30);
    }

    [Fact]
    public void CorruptLengthField_IsDetected()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 20);
        var segment = WalDirectory.SegmentPath(dir.Path, 0);
        // Make the length of record 10 point exactly at a later record boundary: only the CRC can tell.
        FlipByte(segment, WalPosition.Offset(positions[10]));
        var (records, result) = Replay(dir.Path);
        AssertRecords(Records(0, 10), records);
        Assert.True(result.IsCorrupt);
    }

    [Fact]
    public void ZeroFilledTail_IsDiscarded()
    {
        using var dir = new TestDirectory();
        Write(dir.Path, 10);
        var segment = WalDirectory.SegmentPath(dir.Path, 0);
        var length = new FileInfo(segment).Length;
        SetLength(segment, length + 4096);
        var (records, result) = Replay(dir.Path);
        AssertRecords(Records(0, 10), records);
        Assert.Equal(4096, Assert.Single(result.Corruptions).BytesDiscarded);
        Assert.Equal(length, new FileInfo(segment).Length);
    }

    [Fact]
    public void CorruptionInAMiddleSegment_DropsLaterSegments()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 200, SmallSegments);
        var victim = positions.First(p => WalPosition.Segment(p) == 2);
        var victimIndex = Array.IndexOf(positions, victim) + 1; // second record of segment 2
        var laterSegments = WalDirectory.ListSegments(dir.Path).Where(s => s.Index > 2).ToList();
        Assert.NotEmpty(laterSegments);
        FlipByte(WalDirectory.SegmentPath(dir.Path, 2), WalPosition.Offset(positions[victimIndex]) + 5);

        var (records, result) = Replay(dir.Path, SmallSegments);
        AssertRecords(Records(0, victimIndex), records);
        var c = Assert.Single(result.Corruptions);
        Assert.Equal(2, c.Segment);
        Assert.True(c.BytesDiscarded > laterSegments.Sum(s => s.Length));
        Assert.All(laterSegments, s => Assert.False(File.Exists(s.Path)));

        AppendAfterRepairAndVerify(dir.Path, Records(0, victimIndex), 5000, 40, SmallSegments);
    }

    [Fact]
    public void MissingMiddleSegment_IsReportedAndLaterSegmentsDropped()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 200, SmallSegments);
        File.Delete(WalDirectory.SegmentPath(dir.Path, 2));
        var survivors = positions.Count(p => WalPosition.Segment(p) < 2);

        var (records, result) = Replay(dir.Path, SmallSegments);
        AssertRecords(Records(0, survivors), records);
        Assert.Contains("segment 00000002 is missing", result.Warning);
        Assert.Equal(1, WalDirectory.ListSegments(dir.Path)[^1].Index);

        AppendAfterRepairAndVerify(dir.Path, Records(0, survivors), 5000, 40, SmallSegments);
    }

    [Fact]
    public void AppendingWithoutReplay_ValidatesAndRepairsFirst()
    {
        using var dir = new TestDirectory();
        var positions = Write(dir.Path, 30);
        FlipByte(WalDirectory.SegmentPath(dir.Path, 0), WalPosition.Offset(positions[20]) + 9);
        using (var wal = SegmentWal.Open(dir.Path))
        {
            Append(wal, 100, 5);
            Assert.NotNull(wal.LastReplayResult);
            Assert.True(wal.LastReplayResult!.IsCorrupt);
        }

        var (records, result) = Replay(dir.Path);
        Assert.False(result.IsCorrupt);
        AssertRecords([.. Records(0, 20), .. Records(100, 5)], records);
    }

    [Fact]
    public void UnrelatedFiles_AreIgnored()
    {
        using var dir = new TestDirectory();
        Write(dir.Path, 5);
        File.WriteAllText(dir.File("README"), "not a segment");
        File.WriteAllText(dir.File("00000001.bak"), "not a segment");
        Directory.CreateDirectory(dir.File("checkpoint.garbage"));
        var (records, result) = Replay(dir.Path);
        AssertRecords(Records(0, 5), records);
        Assert.False(result.IsCorrupt);
    }

    [Fact]
    public void RandomDamage_NeverThrows_AndKeepsAPrefix()
    {
        var random = new Random(12345);
        for (var round = 0; round < 15; round++)
        {
            using var dir = new TestDirectory();
            var positions = Write(dir.Path, 120, SmallSegments);
            var segments = WalDirectory.ListSegments(dir.Path);
            var s = segments[random.Next(segments.Count)];
            switch (random.Next(3))
            {
                case 0:
                    FlipByte(s.Path, random.NextInt64(s.Length));
                    break;
                case 1:
                    SetLength(s.Path, random.NextInt64(s.Length));
                    break;
                default:
                    using (var fs = new FileStream(s.Path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        var garbage = new byte[random.Next(1, 64)];
                        random.NextBytes(garbage);
                        fs.Position = random.NextInt64(s.Length);
                        fs.Write(garbage);
                    }

                    break;
            }

            var (records, _) = Replay(dir.Path, SmallSegments);
            AssertRecords(Records(0, records.Count), records);
            AppendAfterRepairAndVerify(dir.Path, Records(0, records.Count), 9000, 10, SmallSegments);
        }
    }
}
