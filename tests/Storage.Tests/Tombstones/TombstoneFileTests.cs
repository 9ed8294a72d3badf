using Tsdb.Storage.Blocks;
using Tsdb.Storage.Tests.Model;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage.Tests.Tombstones;

public class TombstoneFileTests
{
    private static TombstoneSet Sample()
    {
        var set = new TombstoneSet();
        set.Add(16, new Interval(-5, 100));
        set.Add(16, new Interval(200, 300));
        set.Add(3, new Interval(long.MinValue, long.MaxValue));
        return set;
    }

    [Fact]
    public void RoundTrip()
    {
        var decoded = TombstoneFile.Decode(TombstoneFile.Encode(Sample()));
        Assert.Equal([new Interval(-5, 100), new Interval(200, 300)], decoded.Get(16)!);
        Assert.Equal([new Interval(long.MinValue, long.MaxValue)], decoded.Get(3)!);
        Assert.Equal(2, decoded.SeriesCount);
    }

    [Fact]
    public void Encoding_IsPrometheusFormat()
    {
        var set = new TombstoneSet();
        set.Add(1, new Interval(1, 2));
        var bytes = TombstoneFile.Encode(set);
        // magic BE32, version 1, uvarint ref 1, zig-zag varints 1 -> 2 and 2 -> 4, CRC32C of the 3 entry bytes (BE).
        Assert.Equal(new byte[] { 0x01, 0x30, 0xBA, 0x30, 0x01, 0x01, 0x02, 0x04 }, bytes[..8]);
        Assert.Equal(12, bytes.Length);
        var crc = Storage.Codecs.Crc32C.Compute(bytes.AsSpan(5, 3));
        Assert.Equal(crc, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
    }

    [Fact]
    public void EmptySet_IsHeaderAndCrcOnly()
    {
        var bytes = TombstoneFile.Encode(new TombstoneSet());
        Assert.Equal(9, bytes.Length);
        Assert.True(TombstoneFile.Decode(bytes).IsEmpty);
    }

    [Fact]
    public void Corruption_IsDetected()
    {
        var good = TombstoneFile.Encode(Sample());
        for (var i = 0; i < good.Length; i++)
        {
            var bad = (byte[])good.Clone();
            bad[i] ^= 0x40;
            Assert.Throws<InvalidDataException>(() => TombstoneFile.Decode(bad));
        }

        Assert.Throws<InvalidDataException>(() => TombstoneFile.Decode(good.AsSpan(0, 8)));
        Assert.Throws<InvalidDataException>(() => TombstoneFile.Decode(good.AsSpan(0, good.Length - 1)));
    }

    [Fact]
    public void WriteAndRead_MissingFileIsEmpty_DamagedFileIsCorruptBlock()
    {
        using var tmp = new TempDir();
        Assert.True(TombstoneFile.Read(tmp.Path).IsEmpty);
        TombstoneFile.Write(tmp.Path, Sample());
        Assert.Equal(3, TombstoneFile.Read(tmp.Path).IntervalCount);
        Assert.False(File.Exists(Path.Combine(tmp.Path, TombstoneFile.FileName + ".tmp")));

        var path = Path.Combine(tmp.Path, TombstoneFile.FileName);
        var bytes = File.ReadAllBytes(path);
        bytes[6] ^= 1;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CorruptBlockException>(() => TombstoneFile.Read(tmp.Path));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockWithCorruptTombstones_IsSkippedAtOpen()
    {
        using var tmp = new TempDir();
        var options = new DbOptions { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) };
        string blockDir;
        using (var db = Storage.Db.Open(tmp.Path, options))
        {
            var app = db.Appender();
            for (var t = 0L; t < 40_000; t += 1000)
            {
                app.Append(0, Labels.FromStrings("__name__", "m"), t, 1);
            }

            app.Commit();
            db.Compact();
            db.Delete(0, 1000, Matcher.Equal("__name__", "m"));
            blockDir = Path.Combine(tmp.Path, db.Blocks[0].Ulid.ToString());
        }

        File.WriteAllBytes(Path.Combine(blockDir, TombstoneFile.FileName), [0x01, 0x30, 0xBA, 0x30, 0x01, 0x02, 0, 0, 0, 0]);
        using var reopened = Storage.Db.Open(tmp.Path, options);
        Assert.Contains(reopened.StartupWarnings, w => w.Contains("tombstones", StringComparison.Ordinal));
    }
}
