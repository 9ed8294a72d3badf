using Tsdb.Storage.Blocks;
using static Tsdb.Storage.Tests.Blocks.BlockTestUtil;

namespace Tsdb.Storage.Tests.Blocks;

public class BlockRefCountTests
{
    [Fact]
    public void MarkedForDeletion_StaysReadableUntilLastReaderReleases()
    {
        using var dir = new TempDir();
        var series = RandomSeries(new Random(5), 20, 0, 1_000_000, hugeValueProbability: 0);
        var block = WriteAndOpen(dir.Path, 0, 1_000_000, series);
        Assert.True(block.TryAcquireReader());
        Assert.True(block.TryAcquireReader());

        block.MarkForDeletion();
        Assert.True(block.IsClosing);
        Assert.False(block.TryAcquireReader());
        Assert.True(Directory.Exists(block.Directory));
        BlockRoundTripTests.AssertBlockMatches(block, series);

        block.ReleaseReader();
        Assert.True(Directory.Exists(block.Directory));
        Assert.False(block.Released.IsCompleted);
        BlockRoundTripTests.AssertBlockMatches(block, series);

        block.ReleaseReader();
        Assert.True(block.Released.IsCompleted);
        Assert.False(Directory.Exists(block.Directory));
        Assert.Null(block.DeletionError);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void MarkForDeletion_WithoutReaders_DeletesAtOnce()
    {
        using var dir = new TempDir();
        var block = WriteAndOpen(dir.Path, 0, 1000, RandomSeries(new Random(5), 3, 0, 1000));
        block.MarkForDeletion();
        Assert.True(block.Released.IsCompleted);
        Assert.False(Directory.Exists(block.Directory));
    }

    [Fact]
    public void Dispose_UnmapsAfterLastReader_AndKeepsTheDirectory()
    {
        using var dir = new TempDir();
        var block = WriteAndOpen(dir.Path, 0, 1000, RandomSeries(new Random(5), 3, 0, 1000));
        Assert.True(block.TryAcquireReader());
        block.Dispose();
        Assert.False(block.TryAcquireReader());
        Assert.False(block.Released.IsCompleted);
        block.ReleaseReader();
        Assert.True(block.Released.IsCompleted);
        Assert.True(Directory.Exists(block.Directory));
        Assert.Throws<ObjectDisposedException>(() => block.AllPostings().Next());
    }

    [Fact]
    public async Task ConcurrentReaders_AndDeletion_NeverTouchUnmappedMemory()
    {
        using var dir = new TempDir();
        var series = RandomSeries(new Random(9), 50, 0, 1_000_000, hugeValueProbability: 0);
        var block = WriteAndOpen(dir.Path, 0, 1_000_000, series);
        var reads = 0;
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (block.TryAcquireReader())
            {
                try
                {
                    Assert.Equal(series.Count(s => s.Chunks.Count > 0), ReadAll(block).Count);
                    Interlocked.Increment(ref reads);
                }
                finally
                {
                    block.ReleaseReader();
                }
            }
        })).ToArray();
        while (Volatile.Read(ref reads) < 20)
        {
            await Task.Delay(1);
        }

        block.MarkForDeletion();
        await Task.WhenAll(tasks);
        await block.Released;
        Assert.False(Directory.Exists(block.Directory));
    }
}
