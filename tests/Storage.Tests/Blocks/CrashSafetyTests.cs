using Tsdb.Storage.Blocks;
using static Tsdb.Storage.Tests.Blocks.BlockTestUtil;

namespace Tsdb.Storage.Tests.Blocks;

public class CrashSafetyTests
{
    private const long H2 = 7_200_000;

    private static void DisposeAll(BlockSet set)
    {
        foreach (var b in set.Blocks)
        {
            b.Dispose();
        }
    }

    [Fact]
    public void LeftoverTemporaryDirectories_AreRemovedOnOpen()
    {
        using var dir = new TempDir();
        var good = Write(dir.Path, 0, H2, RandomSeries(new Random(1), 10, 0, H2));
        var creating = Path.Combine(dir.Path, Ulid.New().ToString() + ".tmp-for-creation");
        Directory.CreateDirectory(Path.Combine(creating, "chunks"));
        File.WriteAllText(Path.Combine(creating, "chunks", "000001"), "partial");
        var deleting = Path.Combine(dir.Path, Ulid.New().ToString() + ".tmp-for-deletion");
        Directory.CreateDirectory(deleting);

        var set = BlockSet.Open(dir.Path);
        DisposeAll(set);
        Assert.False(Directory.Exists(creating));
        Assert.False(Directory.Exists(deleting));
        Assert.Equal([good.Ulid], set.Blocks.Select(b => b.Ulid));
        Assert.Empty(set.Warnings);
    }

    [Fact]
    public void WriterFailingMidway_LeavesExistingBlocksAndNoTemporaryDirectory()
    {
        using var dir = new TempDir();
        var existing = Write(dir.Path, 0, H2, RandomSeries(new Random(1), 10, 0, H2));
        var series = RandomSeries(new Random(2), 50, H2, 2 * H2).Select(ToBlockSeries);

        IEnumerable<BlockSeries> Failing()
        {
            var n = 0;
            foreach (var s in series)
            {
                if (++n == 25)
                {
                    throw new IOException("disk on fire");
                }

                yield return s;
            }
        }

        Assert.Throws<IOException>(() => new BlockWriter().Write(dir.Path, H2, 2 * H2, Failing()));
        Assert.Equal([existing.Ulid.ToString()], Directory.GetDirectories(dir.Path).Select(Path.GetFileName));
        var set = BlockSet.Open(dir.Path);
        DisposeAll(set);
        Assert.Single(set.Blocks);
    }

    [Fact]
    public void CompactedBlockTogetherWithItsParents_OpensWithoutDuplicates()
    {
        using var dir = new TempDir();
        var s1 = RandomSeries(new Random(1), 30, 0, H2);
        var s2 = RandomSeries(new Random(2), 30, H2, 2 * H2);
        var a = WriteAndOpen(dir.Path, 0, H2, s1);
        var b = WriteAndOpen(dir.Path, H2, 2 * H2, s2);
        var aDir = a.Directory;
        var bDir = b.Directory;

        // "Crash" after the new block was renamed into place but before the parents were deleted.
        var compactor = new Compactor(new CompactionPlanner(CompactionPlanner.DefaultRanges(0)));
        var merged = compactor.Compact(dir.Path, [a, b], deleteParents: false);
        var mergedContent = ReadAll(merged);
        merged.Dispose();
        a.Dispose();
        b.Dispose();
        Assert.True(Directory.Exists(aDir));
        Assert.True(Directory.Exists(bDir));

        var set = BlockSet.Open(dir.Path);
        try
        {
            var only = Assert.Single(set.Blocks);
            Assert.Equal(merged.Ulid, only.Ulid);
            Assert.Equal(new[] { a.Ulid, b.Ulid }.Order(), set.Deleted.Order());
            Assert.False(Directory.Exists(aDir));
            Assert.False(Directory.Exists(bDir));
            var content = ReadAll(only);
            Assert.Equal(mergedContent.Select(x => x.Labels), content.Select(x => x.Labels));
            Assert.Equal(content.Count, content.Select(x => x.Labels).Distinct().Count());
        }
        finally
        {
            DisposeAll(set);
        }
    }

    [Fact]
    public void CorruptParentOfAHealthyCompactedBlock_IsDeletedNotReported()
    {
        using var dir = new TempDir();
        var a = WriteAndOpen(dir.Path, 0, H2, RandomSeries(new Random(1), 10, 0, H2));
        var b = WriteAndOpen(dir.Path, H2, 2 * H2, RandomSeries(new Random(2), 10, H2, 2 * H2));
        var merged = new Compactor(new CompactionPlanner([H2, 3 * H2])).Compact(dir.Path, [a, b], deleteParents: false);
        merged.Dispose();
        a.Dispose();
        b.Dispose();
        File.Delete(Path.Combine(a.Directory, "index"));

        var set = BlockSet.Open(dir.Path);
        DisposeAll(set);
        Assert.Empty(set.Warnings);
        Assert.Equal([merged.Ulid], set.Blocks.Select(x => x.Ulid));
        Assert.False(Directory.Exists(a.Directory));
    }
}
