using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Wal;
using static Tsdb.Storage.Tests.Wal.WalTestUtil;

namespace Tsdb.Storage.Tests.Wal;

public class SegmentWalTests
{
    [Fact]
    public void EmptyDirectory_ReplaysNothing()
    {
        using var dir = new TestDirectory();
        var (records, result) = Replay(dir.Path);
        Assert.Empty(records);
        Assert.False(result.IsCorrupt);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void AppendedRecords_AreReplayedInOrder_AfterReopen()
    {
        using var dir = new TestDirectory();
        List<byte[]> written;
        using (var wal = SegmentWal.Open(dir.Path))
        {
            Replay(wal);
            written = Append(wal, 0, 100);
            written.Add([]); // empty records are records too
            wal.WaitForCommit(wal.Enqueue([]));
        }

        var (records, result) = Replay(dir.Path);
        AssertRecords(written, records);
        Assert.Equal(101, result.RecordsRead);
        Assert.False(result.IsCorrupt);
    }

    [Fact]
    public void Positions_GrowInEnqueueOrder_AcrossSegments()
    {
        using var dir = new TestDirectory();
        using var wal = SegmentWal.Open(dir.Path, SmallSegments);
        long previous = -1;
        for (var i = 0; i < 200; i++)
        {
            var p = wal.Enqueue(Record(i));
            Assert.True(p > previous);
            previous = p;
        }

        wal.WaitForCommit(previous);
        Assert.True(WalPosition.Segment(previous) > 3, "expected several 4 KB segments");
        var (first, last) = wal.SegmentRange;
        Assert.Equal(0, first);
        Assert.Equal(WalPosition.Segment(previous), last);
    }

    [Fact]
    public void RecordsLargerThanASegment_GetTheirOwnSegment()
    {
        using var dir = new TestDirectory();
        var big = Record(7, 10_000);
        using (var wal = SegmentWal.Open(dir.Path, SmallSegments))
        {
            wal.Enqueue(Record(1));
            var p = wal.Enqueue(big);
            wal.Enqueue(Record(2));
            wal.WaitForCommit(p);
            wal.Commit();
        }

        var (records, _) = Replay(dir.Path, SmallSegments);
        AssertRecords([Record(1), big, Record(2)], records);
    }

    [Fact]
    public void EachOpen_StartsANewSegment()
    {
        using var dir = new TestDirectory();
        for (var round = 0; round < 3; round++)
        {
            using var wal = SegmentWal.Open(dir.Path);
            var (records, _) = Replay(wal);
            Assert.Equal(round * 10, records.Count);
            Append(wal, round * 10, 10);
            Assert.Equal(round, wal.SegmentRange.Last);
        }
    }

    [Fact]
    public void Replay_AfterAppend_IsRefused()
    {
        using var dir = new TestDirectory();
        using var wal = SegmentWal.Open(dir.Path);
        wal.Enqueue([1]);
        Assert.Throws<InvalidOperationException>(() => wal.Replay(_ => { }));
    }

    [Fact]
    public void Dispose_CommitsPendingRecords()
    {
        using var dir = new TestDirectory();
        using (var wal = SegmentWal.Open(dir.Path, new WalOptions { CommitInterval = TimeSpan.FromHours(1) }))
        {
            for (var i = 0; i < 50; i++)
            {
                wal.Enqueue(Record(i));
            }
        }

        Assert.Equal(50, Replay(dir.Path).Records.Count);
    }

    [Fact]
    public void UnwaitedRecords_AreCommittedByTheTick()
    {
        using var dir = new TestDirectory();
        using var wal = SegmentWal.Open(dir.Path, new WalOptions { CommitInterval = TimeSpan.FromMilliseconds(5) });
        var p = wal.Enqueue(Record(1));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (wal.CommittedEnd <= p && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(2);
        }

        Assert.True(wal.CommittedEnd > p);
    }

    [Fact]
    public async Task WaitForCommitAsync_CompletesAfterCommit_AndHonoursCancellation()
    {
        using var dir = new TestDirectory();
        using var wal = SegmentWal.Open(dir.Path);
        var p = wal.Enqueue(Record(1));
        await wal.WaitForCommitAsync(p);
        Assert.True(wal.CommittedEnd > p);
        await wal.WaitForCommitAsync(p); // already durable: synchronous path

        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var q = wal.Enqueue(Record(2));
        // Either it was committed already (fast path) or the wait observes the cancellation.
        try
        {
            await wal.WaitForCommitAsync(q, cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public void WaitForCommit_OnAPositionNeverEnqueued_Throws()
    {
        using var dir = new TestDirectory();
        using var wal = SegmentWal.Open(dir.Path);
        var p = wal.Enqueue(Record(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => wal.WaitForCommit(p + 100_000));
    }

    [Fact]
    public void AfterDispose_EnqueueThrows()
    {
        using var dir = new TestDirectory();
        var wal = SegmentWal.Open(dir.Path);
        wal.Enqueue([1]);
        wal.Dispose();
        Assert.Throws<ObjectDisposedException>(() => wal.Enqueue([2]));
        wal.Dispose();
    }

    [Fact]
    public void SingleWriter_EnqueueAndWait_IsNotBoundByTheTick()
    {
        using var dir = new TestDirectory();
        // A 1 s tick: if waits waited for the tick, 20 commits would take 20 s.
        using var wal = SegmentWal.Open(dir.Path, new WalOptions { CommitInterval = TimeSpan.FromSeconds(1) });
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            wal.WaitForCommit(wal.Enqueue(Record(i)));
        }

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"20 commits took {sw.Elapsed}");
    }

    [Fact]
    public void ConcurrentWriters_EveryAcknowledgedRecordIsReplayed()
    {
        using var dir = new TestDirectory();
        const int Writers = 4;
        const int Batches = 150;
        var acked = new List<byte[]>[Writers];
        using (var wal = SegmentWal.Open(dir.Path, new WalOptions { SegmentSize = 64 << 10 }))
        {
            var threads = new Thread[Writers];
            for (var w = 0; w < Writers; w++)
            {
                var writer = w;
                acked[writer] = [];
                threads[w] = new Thread(() =>
                {
                    for (var b = 0; b < Batches; b++)
                    {
                        var batch = new List<byte[]>();
                        long last = 0;
                        for (var k = 0; k <= b % 5; k++)
                        {
                            var r = Record((writer << 24) | (b << 4) | k);
                            batch.Add(r);
                            last = wal.Enqueue(r);
                        }

                        if (b % 2 == 0)
                        {
                            wal.WaitForCommit(last);
                        }
                        else
                        {
                            wal.WaitForCommitAsync(last).AsTask().GetAwaiter().GetResult();
                        }

                        acked[writer].AddRange(batch);
                    }
                });
                threads[w].Start();
            }

            foreach (var t in threads)
            {
                t.Join();
            }
        }

        var (records, result) = Replay(dir.Path);
        Assert.False(result.IsCorrupt);
        // Per writer, records come back in that writer's enqueue order.
        for (var w = 0; w < Writers; w++)
        {
            var mine = records.Where(r => BitConverter.ToInt32(r) >>> 24 == w).ToList();
            AssertRecords(acked[w], mine);
        }

        Assert.Equal(acked.Sum(a => a.Count), records.Count);
    }

    [Fact]
    public void BackPressure_LetsWritersContinue()
    {
        using var dir = new TestDirectory();
        var written = new List<byte[]>();
        using (var wal = SegmentWal.Open(dir.Path, new WalOptions { MaxPendingBytes = 4096, SegmentSize = 32 << 10 }))
        {
            for (var i = 0; i < 2000; i++)
            {
                var r = Record(i);
                written.Add(r);
                wal.Enqueue(r);
            }
        }

        AssertRecords(written, Replay(dir.Path).Records);
    }

    /// <summary>
    /// Arbitrary sequences of appends, commits and reopens: after each reopen the log replays exactly
    /// the records appended so far, in order (Dispose commits what is pending).
    /// </summary>
    [Property(MaxTest = 25)]
    public Property CloseAndReopen_ReplaysExactlyWhatWasCommitted()
    {
        var op = Gen.Frequency(
            (6, Gen.Choose(0, 5000).Select(len => len)),   // append a record of this length
            (2, Gen.Constant(-1)),                          // wait for the last record
            (1, Gen.Constant(-2)));                         // close and reopen, checking the replay
        return Prop.ForAll(Gen.ListOf(op).Select(l => l.ToArray()).ToArbitrary(), ops =>
        {
            using var dir = new TestDirectory();
            var options = new WalOptions { SegmentSize = 8192 };
            var expected = new List<byte[]>();
            var wal = SegmentWal.Open(dir.Path, options);
            try
            {
                long last = -1;
                var n = 0;
                foreach (var o in ops)
                {
                    if (o >= 0)
                    {
                        var r = Record(n++, o);
                        expected.Add(r);
                        last = wal.Enqueue(r);
                    }
                    else if (o == -1 && last >= 0)
                    {
                        wal.WaitForCommit(last);
                    }
                    else if (o == -2)
                    {
                        wal.Dispose();
                        wal = SegmentWal.Open(dir.Path, options);
                        var (records, result) = Replay(wal);
                        Assert.False(result.IsCorrupt);
                        AssertRecords(expected, records);
                        last = -1;
                    }
                }

                wal.Dispose();
                wal = SegmentWal.Open(dir.Path, options);
                AssertRecords(expected, Replay(wal).Records);
            }
            finally
            {
                wal.Dispose();
            }
        });
    }
}
