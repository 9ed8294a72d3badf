using Tsdb.Storage.Wal;

namespace Tsdb.Storage.Tests.Wal;

internal static class WalTestUtil
{
    public static readonly WalOptions SmallSegments = new() { SegmentSize = 4096 };

    public static (List<byte[]> Records, WalReplayResult Result) Replay(string dir, WalOptions? options = null)
    {
        using var wal = SegmentWal.Open(dir, options);
        return Replay(wal);
    }

    public static (List<byte[]> Records, WalReplayResult Result) Replay(SegmentWal wal)
    {
        var records = new List<byte[]>();
        var result = wal.Replay(r => records.Add(r.ToArray()));
        return (records, result);
    }

    /// <summary>A distinct record: its index in 4 bytes, then a pattern, of a length that varies with i.</summary>
    public static byte[] Record(int i, int length = -1)
    {
        if (length < 0)
        {
            length = 4 + (i * 37 % 300);
        }

        var r = new byte[Math.Max(4, length)];
        BitConverter.TryWriteBytes(r, i);
        for (var j = 4; j < r.Length; j++)
        {
            r[j] = (byte)(i + j);
        }

        return r;
    }

    public static List<byte[]> Append(SegmentWal wal, int from, int count)
    {
        var list = new List<byte[]>();
        long last = -1;
        for (var i = from; i < from + count; i++)
        {
            var r = Record(i);
            list.Add(r);
            last = wal.Enqueue(r);
        }

        if (last >= 0)
        {
            wal.WaitForCommit(last);
        }

        return list;
    }

    public static void AssertRecords(IReadOnlyList<byte[]> expected, IReadOnlyList<byte[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"record {i} differs");
        }
    }
}
