using FsCheck.Xunit;
using Tsdb.Storage.Blocks;
using Tsdb.Storage.Index;
using static Tsdb.Storage.Tests.Blocks.BlockTestUtil;

namespace Tsdb.Storage.Tests.Blocks;

public class BlockRoundTripTests
{
    private const long MinT = -50_000_000;
    private const long MaxT = 900_000_000;

    [Property(MaxTest = 15)]
    public void WriteThenOpen_ReturnsIdenticalSeriesPostingsAndChunks(int seed)
    {
        var rng = new Random(seed);
        var series = RandomSeries(rng, rng.Next(1, 201), MinT, MaxT);
        using var dir = new TempDir();
        // A small segment size forces several chunk segment files now and then.
        var writer = new BlockWriter(rng.Next(2) == 0 ? 4096 : ChunkSegmentFormat.DefaultMaxSegmentSize);
        using var block = WriteAndOpen(dir.Path, MinT, MaxT, series, writer);
        AssertBlockMatches(block, series);
    }

    [Fact]
    public void ManyChunkSegments_AreWrittenAndRead()
    {
        var rng = new Random(7);
        var series = RandomSeries(rng, 150, MinT, MaxT, maxChunks: 3, hugeValueProbability: 0);
        using var dir = new TempDir();
        using var block = WriteAndOpen(dir.Path, MinT, MaxT, series, new BlockWriter(1024));
        Assert.True(Directory.GetFiles(Path.Combine(block.Directory, "chunks")).Length > 5);
        Assert.Equal("000001", Path.GetFileName(Directory.GetFiles(Path.Combine(block.Directory, "chunks")).Order().First()));
        AssertBlockMatches(block, series);
    }

    [Fact]
    public void EmptyBlock_OpensWithNoSeries()
    {
        using var dir = new TempDir();
        using var block = WriteAndOpen(dir.Path, 0, 1000, []);
        Assert.Empty(block.LabelNames());
        Assert.Empty(Drain(block.AllPostings()));
        Assert.Empty(Drain(block.Postings("a", "b")));
        Assert.Equal(0UL, block.Meta.Stats.NumSeries);
    }

    [Fact]
    public void Meta_HasStatsAndLevelOne()
    {
        var rng = new Random(3);
        var series = RandomSeries(rng, 50, 0, 7_200_000, hugeValueProbability: 0);
        using var dir = new TempDir();
        using var block = WriteAndOpen(dir.Path, 0, 7_200_000, series);
        var withChunks = series.Where(s => s.Chunks.Count > 0).ToList();
        Assert.Equal((ulong)withChunks.Count, block.Meta.Stats.NumSeries);
        Assert.Equal((ulong)withChunks.Sum(s => s.Chunks.Count), block.Meta.Stats.NumChunks);
        Assert.Equal((ulong)withChunks.Sum(s => s.AllSamples().Count), block.Meta.Stats.NumSamples);
        Assert.Equal(1, block.Meta.Compaction.Level);
        Assert.Equal([block.Ulid], block.Meta.Compaction.Sources);
        Assert.Equal(0, block.MinTime);
        Assert.Equal(7_200_000, block.MaxTime);
        Assert.True(block.SizeBytes > 0);
        Assert.Equal(block.Ulid.ToString(), Path.GetFileName(block.Directory));
        Assert.Empty(Directory.GetDirectories(dir.Path, "*.tmp-for-creation"));
    }

    [Fact]
    public void Postings_SeekFindsFirstAtOrAfter()
    {
        var series = Enumerable.Range(0, 100)
            .Select(i => new TestSeries(Labels.FromStrings("__name__", "m", "i", i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), [[new Sample(i, i)]]))
            .ToList();
        using var dir = new TempDir();
        using var block = WriteAndOpen(dir.Path, 0, 1000, series);
        var all = Drain(block.AllPostings());
        Assert.Equal(100, all.Count);
        var p = block.Postings("__name__", "m");
        Assert.True(p.Seek(all[40]));
        Assert.Equal(all[40], p.At);
        Assert.True(p.Seek(all[10])); // never goes backwards
        Assert.Equal(all[40], p.At);
        Assert.True(p.Seek(all[40] + 1));
        Assert.Equal(all[41], p.At);
        Assert.True(p.Next());
        Assert.Equal(all[42], p.At);
        Assert.False(p.Seek(all[99] + 1));
        Assert.False(p.Next());
        Assert.Empty(Drain(block.Postings("__name__", "nope")));
        Assert.Empty(Drain(block.Postings("nope", "m")));
        var one = Assert.Single(Drain(block.Postings("i", "050")));
        Assert.True(block.Series(one, out var labels, []));
        Assert.Equal("050", labels.Get("i"));
    }

    [Fact]
    public void ChunksOutsideTheBlockRange_AreTrimmed()
    {
        var samples = Enumerable.Range(0, 100).Select(i => new Sample(i * 10, i)).ToList();
        using var dir = new TempDir();
        using var block = WriteAndOpen(dir.Path, 200, 500, [new TestSeries(Labels.FromStrings("a", "b"), [samples])]);
        var all = ReadAll(block);
        var got = all.Single().Chunks.SelectMany(c => c).ToList();
        AssertSamplesEqual(samples.Where(s => s.T >= 200 && s.T < 500).ToList(), got);
        Assert.Equal(200, all.Single().Metas[0].MinTime);
        Assert.Equal(490, all.Single().Metas[^1].MaxTime);
    }

    [Fact]
    public void UnsortedInput_IsRejected_AndLeavesNoDirectory()
    {
        using var dir = new TempDir();
        var a = new TestSeries(Labels.FromStrings("a", "2"), [[new Sample(1, 1)]]);
        var b = new TestSeries(Labels.FromStrings("a", "1"), [[new Sample(1, 1)]]);
        Assert.Throws<ArgumentException>(() => new BlockWriter().Write(dir.Path, 0, 10, [ToBlockSeries(a), ToBlockSeries(b)]));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    internal static void AssertBlockMatches(Block block, List<TestSeries> series)
    {
        var expected = series.Where(s => s.Chunks.Count > 0).OrderBy(s => s.Labels).ToList();

        // Series in reference order == label order, with identical chunks.
        var got = ReadAll(block);
        Assert.Equal(expected.Count, got.Count);
        var refs = Drain(block.AllPostings());
        Assert.Equal(refs.Order().ToList(), refs);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Labels, got[i].Labels);
            Assert.Equal(expected[i].Chunks.Count, got[i].Metas.Count);
            for (var c = 0; c < expected[i].Chunks.Count; c++)
            {
                var exp = expected[i].Chunks[c];
                Assert.Equal(exp[0].T, got[i].Metas[c].MinTime);
                Assert.Equal(exp[^1].T, got[i].Metas[c].MaxTime);
                Assert.True(Chunk(exp).Bytes.Span.SequenceEqual(block.Chunk(got[i].Metas[c]).Bytes.Span), "chunk bytes differ");
                AssertSamplesEqual(exp, got[i].Chunks[c]);
            }
        }

        // Label names and values, sorted ordinally.
        var pairs = expected.SelectMany(s => s.Labels).Distinct().ToList();
        var names = pairs.Select(p => p.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, block.LabelNames());
        foreach (var name in names)
        {
            var values = pairs.Where(p => p.Name == name).Select(p => p.Value).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.Equal(values, block.LabelValues(name));
        }

        Assert.Empty(block.LabelValues("no-such-label"));

        // Postings for every pair list exactly the series having it, in label order.
        var refByLabels = got.Select((g, i) => (g.Labels, Ref: refs[i])).ToDictionary(x => x.Labels, x => x.Ref);
        foreach (var pair in pairs)
        {
            var want = expected.Where(s => s.Labels.Get(pair.Name) == pair.Value).Select(s => refByLabels[s.Labels]).ToList();
            Assert.Equal(want, Drain(block.Postings(pair.Name, pair.Value)));
        }

        var metas = new List<ChunkMeta>();
        Assert.False(block.Series(ulong.MaxValue / 32, out _, metas));
    }
}
