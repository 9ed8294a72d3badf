using Tsdb.Storage.Blocks;

namespace Tsdb.Storage.Tests.Blocks;

public class RetentionTests
{
    private static (BlockMeta, long) B(string name, long mint, long maxt, long size = 100) =>
        (new BlockMeta { Ulid = Names.GetOrAdd(name), MinTime = mint, MaxTime = maxt }, size);

    private static readonly NameTable Names = new();

    private static string[] Run(long retention, long maxBytes, long head, params (BlockMeta, long)[] blocks) =>
        [.. Retention.BlocksToDelete(blocks, retention, maxBytes, head).Select(Names.NameOf).Order(StringComparer.Ordinal)];

    [Fact]
    public void Time_DeletesBlocksWhoseMaxTimeIsRetentionOlderThanTheNewest()
    {
        (BlockMeta, long)[] blocks = [B("a", 0, 10), B("b", 10, 20), B("c", 20, 30), B("d", 30, 40)];
        Assert.Empty(Run(0, 0, 0, blocks));
        Assert.Empty(Run(100, 0, 0, blocks));
        Assert.Equal(["a"], Run(30, 0, 0, blocks)); // 40 - 10 >= 30
        Assert.Equal(["a", "b"], Run(20, 0, 0, blocks)); // 40 - 20 >= 20
        Assert.Equal(["a", "b"], Run(11, 0, 0, blocks));
        Assert.Equal(["a", "b", "c"], Run(1, 0, 0, blocks)); // never the newest
        Assert.Equal(["a", "b"], Run(20, 0, 0, [blocks[3], blocks[1], blocks[0], blocks[2]])); // input order does not matter
    }

    [Fact]
    public void Size_DeletesOldestBlocksUntilTheRestFits()
    {
        (BlockMeta, long)[] blocks = [B("a", 0, 10, 300), B("b", 10, 20, 200), B("c", 20, 30, 100), B("d", 30, 40, 50)];
        Assert.Empty(Run(0, 650, 0, blocks));
        Assert.Equal(["a"], Run(0, 649, 0, blocks));
        Assert.Equal(["a"], Run(0, 350, 0, blocks));
        Assert.Equal(["a", "b"], Run(0, 349, 0, blocks));
        Assert.Equal(["a", "b"], Run(0, 300, 0, blocks));
        Assert.Equal(["a", "b", "c", "d"], Run(0, 49, 0, blocks)); // even the newest
        Assert.Equal(["a", "b"], Run(0, 650, 301, blocks)); // the head counts too
    }

    [Fact]
    public void TimeAndSize_AreCombined()
    {
        (BlockMeta, long)[] blocks = [B("a", 0, 10, 300), B("b", 10, 20, 200), B("c", 20, 30, 100), B("d", 30, 40, 50)];
        Assert.Equal(["a", "b"], Run(30, 349, 0, blocks));
        Assert.Equal(["a", "b"], Run(20, 10_000, 0, blocks));
    }

    [Fact]
    public void NoBlocks_NothingToDelete() => Assert.Empty(Run(1, 1, 0));

    private sealed class NameTable
    {
        private readonly Dictionary<string, Ulid> _byName = [];
        private readonly Dictionary<Ulid, string> _byUlid = [];

        public Ulid GetOrAdd(string name)
        {
            if (!_byName.TryGetValue(name, out var u))
            {
                u = Ulid.New();
                _byName[name] = u;
                _byUlid[u] = name;
            }

            return u;
        }

        public string NameOf(Ulid u) => _byUlid[u];
    }
}
