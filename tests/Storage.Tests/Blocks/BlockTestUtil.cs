using System.Text;
using Tsdb.Storage.Blocks;
using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Tests.Blocks;

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tsdb-blocks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Expected content of one series: labels and its chunks as sample lists.</summary>
internal sealed record TestSeries(Labels Labels, List<List<Sample>> Chunks)
{
    public List<Sample> AllSamples() => [.. Chunks.SelectMany(c => c)];
}

internal static class BlockTestUtil
{
    public static XorChunk Chunk(IEnumerable<Sample> samples)
    {
        var c = new XorChunk();
        var a = c.Appender();
        foreach (var s in samples)
        {
            a.Append(s.T, s.V);
        }

        return c;
    }

    public static BlockSeries ToBlockSeries(TestSeries s) =>
        new(s.Labels, [.. s.Chunks.Select(c => (new ChunkMeta(0, c[0].T, c[^1].T), (IChunk)Chunk(c)))]);

    public static BlockMeta Write(string dir, long mint, long maxt, IEnumerable<TestSeries> series, BlockWriter? writer = null) =>
        (writer ?? new BlockWriter()).Write(dir, mint, maxt, series.OrderBy(s => s.Labels).Select(ToBlockSeries));

    public static Block WriteAndOpen(string dir, long mint, long maxt, IEnumerable<TestSeries> series, BlockWriter? writer = null)
    {
        var meta = Write(dir, mint, maxt, series, writer);
        return Block.Open(System.IO.Path.Combine(dir, meta.Ulid.ToString()));
    }

    public static List<Sample> Decode(IChunk c)
    {
        var it = c.Iterator();
        var list = new List<Sample>();
        while (it.Next() == SampleKind.Float)
        {
            list.Add(it.At());
        }

        Assert.Null(it.Error);
        return list;
    }

    public static List<ulong> Drain(IPostings p)
    {
        var l = new List<ulong>();
        while (p.Next())
        {
            l.Add(p.At);
        }

        return l;
    }

    /// <summary>Every series of a block in reference order, with decoded chunks.</summary>
    public static List<(Labels Labels, List<ChunkMeta> Metas, List<List<Sample>> Chunks)> ReadAll(Block b)
    {
        var result = new List<(Labels, List<ChunkMeta>, List<List<Sample>>)>();
        var p = b.AllPostings();
        while (p.Next())
        {
            var metas = new List<ChunkMeta>();
            Assert.True(b.Series(p.At, out var labels, metas));
            result.Add((labels, metas, [.. metas.Select(m => Decode(b.Chunk(m)))]));
        }

        return result;
    }

    public static void AssertSamplesEqual(IReadOnlyList<Sample> expected, IReadOnlyList<Sample> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].T, actual[i].T);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(expected[i].V), BitConverter.DoubleToUInt64Bits(actual[i].V));
        }
    }

    private static readonly string[] NamePool =
    [
        "__name__", "a", "b", "job", "instance", "le", "ünïcødé", "名前", "emoji_😀", "x_" + new string('n', 300), "zzz",
    ];

    private static readonly string[] ValuePool =
    [
        "", "0", "1", "a", "A", "up", "http_requests_total", "ü", "日本語", "😀🎉", "with \"quotes\" and \\ backslash", "tab\tnewline\n",
    ];

    /// <summary>Random valid-UTF-16 string (no lone surrogates: they cannot round-trip through UTF-8).</summary>
    public static string RandomString(Random rng, int maxLen)
    {
        var len = rng.Next(maxLen + 1);
        var sb = new StringBuilder(len);
        while (sb.Length < len)
        {
            switch (rng.Next(6))
            {
                case 0: sb.Append(char.ConvertFromUtf32(rng.Next(0x1F300, 0x1F64F))); break;
                case 1: sb.Append((char)rng.Next(0xA0, 0x2FF)); break;
                case 2: sb.Append((char)rng.Next(0x4E00, 0x9FFF)); break;
                case 3: sb.Append((char)rng.Next(0xE000, 0xFFFD)); break;
                default: sb.Append((char)rng.Next(0x20, 0x7F)); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Random distinct series with XOR chunks inside [mint, maxt).</summary>
    public static List<TestSeries> RandomSeries(Random rng, int count, long mint, long maxt, int maxChunks = 3, double hugeValueProbability = 0.01)
    {
        var byLabels = new Dictionary<Labels, TestSeries>();
        var attempts = 0;
        while (byLabels.Count < count && attempts++ < count * 10)
        {
            var pairs = new List<Label>();
            var nLabels = rng.Next(0, 5);
            var names = new HashSet<string>();
            for (var i = 0; i < nLabels; i++)
            {
                var name = rng.Next(4) == 0 ? "n" + RandomString(rng, 6) : NamePool[rng.Next(NamePool.Length)];
                if (!names.Add(name))
                {
                    continue;
                }

                var r = rng.NextDouble();
                var value = r < hugeValueProbability ? new string('v', 64 * 1024) + RandomString(rng, 4)
                    : r < 0.5 ? ValuePool[rng.Next(ValuePool.Length)]
                    : RandomString(rng, 12);
                pairs.Add(new Label(name, value));
            }

            var labels = Labels.FromUnsorted(pairs);
            if (byLabels.ContainsKey(labels))
            {
                continue;
            }

            byLabels[labels] = new TestSeries(labels, RandomChunks(rng, mint, maxt, rng.Next(0, maxChunks + 1)));
        }

        return [.. byLabels.Values.OrderBy(s => s.Labels)];
    }

    public static List<List<Sample>> RandomChunks(Random rng, long mint, long maxt, int nChunks)
    {
        var chunks = new List<List<Sample>>();
        var t = mint + rng.Next(0, 1000);
        for (var c = 0; c < nChunks && t < maxt; c++)
        {
            var n = rng.Next(1, 131);
            var samples = new List<Sample>(n);
            var step = rng.Next(1, 30_000);
            for (var i = 0; i < n && t < maxt; i++)
            {
                var v = rng.Next(10) switch
                {
                    0 => double.NaN,
                    1 => StaleNaN.Value,
                    2 => rng.Next(100),
                    _ => rng.NextDouble() * 1e6 - 5e5,
                };
                samples.Add(new Sample(t, v));
                t += rng.Next(4) == 0 ? rng.Next(1, 100_000) : step;
            }

            if (samples.Count > 0)
            {
                chunks.Add(samples);
            }
        }

        return chunks;
    }
}
