using Tsdb.Storage.Wal;

namespace Tsdb.Storage.Tests.Regression;

public class ApplyTests
{
    /// <summary>Fails the first samples record the way SegmentWal.Enqueue does for an oversized record (ArgumentException; the WAL stays usable).</summary>
    private sealed class FailOnceLog : IHeadLog
    {
        public int SamplesLogged;
        private bool _failed;

        public long LogSeries(ulong seriesRef, Labels labels) => 1;

        public long LogSamples(ReadOnlySpan<RefSample> samples)
        {
            if (!_failed)
            {
                _failed = true;
                throw new ArgumentException("WAL record exceeds the maximum");
            }

            SamplesLogged += samples.Length;
            return 2;
        }

        public ValueTask WaitAsync(long position, CancellationToken ct) => ValueTask.CompletedTask;
        public void Wait(long position) { }
        public void Dispose() { }
    }

    [Fact]
    public void FailedLogging_LeavesMemoryUnchanged_AndARetryIsLogged()
    {
        var log = new FailOnceLog();
        using var head = new Storage.Head(new HeadOptions(), log);
        var l = Labels.FromStrings("__name__", "m");
        var app = head.Appender();
        app.Append(0, l, 1000, 1);
        Assert.ThrowsAny<ArgumentException>(() => app.Commit());
        app.Rollback();                               // what a caller does after a failed commit

        // The sender retries the same batch: it must reach the log before it is acknowledged.
        var retry = head.Appender();
        retry.Append(0, l, 1000, 1);
        Assert.Equal(1, retry.Commit().Appended);
        Assert.Equal(1, log.SamplesLogged);          // fails too (0): the retry is a "repeat" of a sample only memory has
    }
}
