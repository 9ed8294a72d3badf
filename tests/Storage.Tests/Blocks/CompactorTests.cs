using FsCheck.Xunit;
using Tsdb.Storage.Blocks;
using static Tsdb.Storage.Tests.Blocks.BlockTestUtil;

namespace Tsdb.Storage.Tests.Blocks;

public class CompactorTests
{
    private const long H2 = 7_200_000;

    private static readonly Compactor Compactor = new(new CompactionPlanner(CompactionPlanner.DefaultRanges(15L * 24 * 3_600_000)));

    [Property(MaxTest = 8)]
    public void Compact_MergedBlockIsTheUnionOfItsParents(int seed)
    {
        var rng = new Random(seed);
        using var dir = new TempDir();
        var nBlocks = rng.Next(2, 4);
        var parents = new List<Block>();
        var expected = new Dictionary<Labels, List<Sample>>();
        for (var i = 0; i < nBlocks; i++)
        {
            var series = RandomSeries(rng, rng.Next(1, 60), i * H2, (i + 1) * H2, hugeValueProbability: 0.002);
            parents.Add(WriteAndOpen(dir.Path, i * H2, (i + 1) * H2, series));
            foreach (var s in series.Where(s => s.Chunks.Count > 0))
            {
                if (!expected.TryGetValue(s.Labels, out var list))
                {
                    expected[s.Labels] = list = [];
                }

                list.AddRange(s.AllSamples());
            }
        }

        var parentLevels = parents.Max(p => p.Meta.Compaction.Level);
        using var merged = Compactor.Compact(dir.Path, parents);

        var got = ReadAll(merged);
        Assert.Equal(expected.Keys.Order().ToList(), got.Select(g => g.Labels).ToList());
        foreach (var (labels, _, chunks) in got)
        {
            AssertSamplesEqual(expected[labels], chunks.SelectMany(c => c).ToList());
        }

        Assert.Equal(0, merged.MinTime);
        Assert.Equal(nBlocks * H2, merged.MaxTime);
        Assert.Equal(parentLevels + 1, merged.Meta.Compaction.Level);
        Assert.Equal(parents.Select(p => p.Ulid).Order(), merged.Meta.Compaction.Sources!);
        Assert.Equal(parents.Select(p => p.Ulid), merged.Meta.Compaction.Parents!.Select(p => p.Ulid));
        Assert.Equal((ulong)expected.Values.Sum(v => v.Count), merged.Meta.Stats.NumSamples);

        // Parents had no other readers: they are gone.
        Assert.All(parents, p => Assert.False(Directory.Exists(p.Directory)));
        Assert.All(parents, p => Assert.True(p.Released.IsCompleted));
    }

    [Fact]
    public void Compact_CopiesChunkBytesVerbatim()
    {
        using var dir = new TempDir();
        var a = WriteAndOpen(dir.Path, 0, H2, RandomSeries(new Random(1), 20, 0, H2, hugeValueProbability: 0));
        var b = WriteAndOpen(dir.Path, H2, 2 * H2, RandomSeries(new Random(2), 20, H2, 2 * H2, hugeValueProbability: 0));
        var bytesBefore = ReadAll(a).Concat(ReadAll(b)).SelectMany(s => s.Metas.Select(m => (s.Labels, m.MinTime, Bytes: a.MinTime <= m.MinTime && m.MinTime < a.MaxTime ? a.Chunk(m).Bytes.ToArray() : b.Chunk(m).Bytes.ToArray())))
            .ToDictionary(x => (x.Labels, x.MinTime), x => x.Bytes);
        using var merged = Compactor.Compact(dir.Path, [a, b]);
        var count = 0;
        foreach (var (labels, metas, _) in ReadAll(merged))
        {
            foreach (var m in metas)
            {
                Assert.Equal(bytesBefore[(labels, m.MinTime)], merged.Chunk(m).Bytes.ToArray());
                count++;
            }
        }

        Assert.Equal(bytesBefore.Count, count);
    }

    [Fact]
    public void Compact_MergesOverlappingChunksOfOneSeriesInTimeOrderWithoutDuplicates()
    {
        using var dir = new TempDir();
        var labels = Labels.FromStrings("__name__", "m", "job", "x");
        var other = Labels.FromStrings("__name__", "n");
        // Block 1 [0, 1000): samples every 10 ms from 0 to 590, in one chunk of 60 samples.
        var s1 = Enumerable.Range(0, 60).Select(i => new Sample(i * 10, i)).ToList();
        // Block 2 [500, 1500) overlaps: samples every 5 ms from 500 to 1495 (duplicates at 500..590 step 10).
        var s2 = Enumerable.Range(0, 200).Select(i => new Sample(500 + i * 5, 1000 + i)).ToList();
        var a = WriteAndOpen(dir.Path, 0, 1000, [new TestSeries(labels, [s1]), new TestSeries(other, [[new Sample(1, 1)]])]);
        var b = WriteAndOpen(dir.Path, 500, 1500, [new TestSeries(labels, [s2[..100], s2[100..]])]);

        Assert.Equal([a.Ulid, b.Ulid], Compactor.Plan([a, b]).Select(x => x.Ulid));
        using var merged = Compactor.Compact(dir.Path, [b, a]);
        Assert.Equal(0, merged.MinTime);
        Assert.Equal(1500, merged.MaxTime);

        var got = ReadAll(merged);
        Assert.Equal([labels, other], got.Select(g => g.Labels));
        var (_, metas, chunks) = got.Single(g => g.Labels.Equals(labels));
        var all = chunks.SelectMany(c => c).ToList();
        var expected = s1.Concat(s2).GroupBy(s => s.T).Select(g => g.First()).OrderBy(s => s.T).ToList();
        AssertSamplesEqual(expected, all);
        Assert.All(chunks, c => Assert.InRange(c.Count, 1, 120));
        for (var i = 0; i < metas.Count; i++)
        {
            Assert.Equal(chunks[i][0].T, metas[i].MinTime);
            Assert.Equal(chunks[i][^1].T, metas[i].MaxTime);
            if (i > 0)
            {
                Assert.True(metas[i].MinTime > metas[i - 1].MaxTime);
            }
        }
    }

    [Fact]
    public void Compact_KeepsParentsReadableForCurrentReaders()
    {
        using var dir = new TempDir();
        var a = WriteAndOpen(dir.Path, 0, H2, RandomSeries(new Random(1), 5, 0, H2));
        var b = WriteAndOpen(dir.Path, H2, 2 * H2, RandomSeries(new Random(2), 5, H2, 2 * H2));
        Assert.True(a.TryAcquireReader());
        using var merged = Compactor.Compact(dir.Path, [a, b]);
        Assert.True(Directory.Exists(a.Directory));
        Assert.False(Directory.Exists(b.Directory));
        Assert.NotEmpty(ReadAll(a));
        a.ReleaseReader();
        Assert.False(Directory.Exists(a.Directory));
    }

    [Fact]
    public void Compact_ClosingParent_Throws_AndWritesNothing()
    {
        using var dir = new TempDir();
        var a = WriteAndOpen(dir.Path, 0, H2, RandomSeries(new Random(1), 5, 0, H2));
        var b = WriteAndOpen(dir.Path, H2, 2 * H2, RandomSeries(new Random(2), 5, H2, 2 * H2));
        b.Dispose();
        Assert.Throws<InvalidOperationException>(() => Compactor.Compact(dir.Path, [a, b]));
        Assert.Equal(2, Directory.GetDirectories(dir.Path).Length);
        Assert.True(a.TryAcquireReader());
        a.ReleaseReader();
        a.Dispose();
    }

    [Fact]
    public void PlanAndCompact_LoopReachesTheLargestRange()
    {
        using var dir = new TempDir();
        var planner = new CompactionPlanner([H2, 3 * H2]);
        var compactor = new Compactor(planner);
        var blocks = new List<Block>();
        for (var i = 0; i < 4; i++)
        {
            blocks.Add(WriteAndOpen(dir.Path, i * H2, (i + 1) * H2, RandomSeries(new Random(i), 5, i * H2, (i + 1) * H2)));
        }

        while (compactor.Plan(blocks) is { Count: > 0 } group)
        {
            var merged = compactor.Compact(dir.Path, group);
            blocks = [.. blocks.Except(group).Append(merged).OrderBy(x => x.MinTime)];
        }

        Assert.Equal([(0L, 3 * H2), (3 * H2, 4 * H2)], blocks.Select(x => (x.MinTime, x.MaxTime)));
        Assert.Equal(2, blocks[0].Meta.Compaction.Level);
        foreach (var x in blocks)
        {
            x.Dispose();
        }
    }
}
