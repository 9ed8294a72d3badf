using Tsdb.Api.Host;

namespace Tsdb.Api.Tests.Host;

public class HeapReclaimerTests
{
    private const long MB = 1L << 20;

    [Theory]
    // Start-up: nothing allocated yet, or too little committed to bother.
    [InlineData(100, 0, 1, false)]
    [InlineData(50, 0, 1000, false)]
    // The garbage of a heavy query on a small heap: collect.
    [InlineData(900, 0, 2000, true)]
    [InlineData(900, 150, 400, true)]
    // Committed is high but little was allocated since the last collection: that memory is live.
    [InlineData(900, 150, 100, false)]
    // A big live heap (1.3 GB): wait until as much again was allocated (GOGC=100's pacing).
    [InlineData(2000, 1300, 1000, false)]
    [InlineData(2000, 1300, 1400, true)]
    // Allocated plenty, but committed is within the slack above the baseline: nothing to give back.
    [InlineData(1350, 1300, 1400, false)]
    public void Collects_only_when_the_heap_grew_by_its_own_size_and_memory_is_committed_beyond_the_slack(long committedMb, long baselineMb, long allocatedSinceMb, bool expected)
    {
        Assert.Equal(expected, HeapReclaimer.ShouldCollect(committedMb * MB, baselineMb * MB, allocatedSinceMb * MB));
    }

    [Theory]
    // A small heap (60 MB) grew by 70 MB during a query set that allocated 40 MB, now quiet: trim.
    [InlineData(70, 60, 40, 0, true)]
    // Still busy: the pacing rule decides.
    [InlineData(70, 60, 40, 5, false)]
    // Quiet, but almost nothing was allocated since the last collection: no trim per interval.
    [InlineData(70, 60, 4, 0, false)]
    // Quiet, but the growth is within a quarter of a big heap (2 GB), or within the slack of a small one.
    [InlineData(400, 2000, 300, 0, false)]
    [InlineData(600, 2000, 300, 0, true)]
    [InlineData(12, 60, 300, 0, false)]
    public void Trims_a_quiet_process_once_its_memory_grew_well_beyond_the_last_heap(
        long growthMb, long baselineMb, long allocatedSinceMb, long lastIntervalMb, bool expected)
    {
        Assert.Equal(expected, HeapReclaimer.ShouldTrimIdle(growthMb * MB, baselineMb * MB, allocatedSinceMb * MB, lastIntervalMb * MB));
    }

    [Fact]
    public void Anonymous_resident_memory_is_read_and_grows_with_touched_memory()
    {
        // Native memory, so the GC cannot move or free it meanwhile; the best of three attempts, since
        // other tests in this process may give memory back at the same moment.
        var ones = new byte[MB];
        Array.Fill(ones, (byte)1);
        var grew = 0L;
        for (var attempt = 0; attempt < 3 && grew <= 32 * MB; attempt++)
        {
            var before = HeapReclaimer.AnonymousResidentBytes();
            Assert.True(before > 0);
            var block = System.Runtime.InteropServices.Marshal.AllocHGlobal((nint)(64 * MB));
            try
            {
                for (var offset = 0L; offset < 64 * MB; offset += ones.Length)
                {
                    System.Runtime.InteropServices.Marshal.Copy(ones, 0, block + (nint)offset, ones.Length);
                }

                grew = Math.Max(grew, HeapReclaimer.AnonymousResidentBytes() - before);
            }
            finally
            {
                System.Runtime.InteropServices.Marshal.FreeHGlobal(block);
            }
        }

        Assert.True(grew > 32 * MB, $"anonymous resident memory grew by {grew} bytes after touching 64 MB");
    }

    [Fact]
    public void Check_after_a_burst_of_garbage_collects_once_and_then_waits_the_minimum_interval()
    {
        using var reclaimer = new HeapReclaimer(checkPeriodically: false);
        // A burst of short-lived large arrays, as a query over many series leaves behind; the GC
        // commits memory for them while they live.
        var keep = new List<byte[]>();
        for (var i = 0; i < 48; i++)
        {
            keep.Add(new byte[16 * MB]);
        }

        GC.Collect(0);
        keep.Clear();
        Assert.True(reclaimer.Check(), "the burst (768 MB committed, nothing collected yet) should be collected");
        Assert.Equal(1, reclaimer.Collections);

        for (var i = 0; i < 48; i++)
        {
            keep.Add(new byte[16 * MB]);
        }

        GC.Collect(0);
        keep.Clear();
        Assert.False(reclaimer.Check(), "a second collection within the minimum interval");
        Assert.Equal(1, reclaimer.Collections);
    }
}
