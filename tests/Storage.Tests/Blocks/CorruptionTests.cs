using System.Buffers.Binary;
using Tsdb.Storage.Blocks;
using static Tsdb.Storage.Tests.Blocks.BlockTestUtil;

namespace Tsdb.Storage.Tests.Blocks;

public class CorruptionTests
{
    private static string WriteBlock(string parent, int seed = 1, long mint = 0, long maxt = 7_200_000)
    {
        var series = RandomSeries(new Random(seed), 40, mint, maxt, maxChunks: 3, hugeValueProbability: 0);
        var meta = Write(parent, mint, maxt, series);
        return Path.Combine(parent, meta.Ulid.ToString());
    }

    private static CorruptBlockException OpenFails(string blockDir)
    {
        var e = Assert.Throws<CorruptBlockException>(() => Block.Open(blockDir));
        Assert.False(string.IsNullOrEmpty(e.Reason));
        Assert.Contains(e.Path, e.Message);
        return e;
    }

    /// <summary>TOC entry <paramref name="i"/> (0 symbols, 1 series, 2 label indices, 3 label offset table, 4 postings, 5 postings offset table).</summary>
    private static long TocEntry(string indexPath, int i)
    {
        var bytes = File.ReadAllBytes(indexPath);
        return (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(bytes.Length - 52 + 8 * i));
    }

    private static void FlipByte(string path, long offset)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        var b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0x5A));
    }

    private static void Truncate(string path, long by)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.SetLength(f.Length - by);
    }

    [Fact]
    public void TruncatedIndex_Throws()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        var index = Path.Combine(b, "index");
        Truncate(index, 30);
        var e = OpenFails(b);
        Assert.Equal(index, e.Path);
        Assert.Contains("TOC", e.Reason);
    }

    [Fact]
    public void EmptyIndex_Throws()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        File.WriteAllBytes(Path.Combine(b, "index"), []);
        Assert.Contains("empty", OpenFails(b).Reason);
    }

    [Theory]
    [InlineData(0, 12, "symbol table")]
    [InlineData(1, 3, "series entry")]
    [InlineData(4, 9, "postings list")]
    [InlineData(5, 10, "postings offset table")]
    [InlineData(3, 10, "label offset table")]
    [InlineData(2, 9, "label index")]
    public void FlippedByteInASection_FailsItsChecksum(int tocEntry, int delta, string what)
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        var index = Path.Combine(b, "index");
        FlipByte(index, TocEntry(index, tocEntry) + delta);
        var e = OpenFails(b);
        Assert.Equal(index, e.Path);
        Assert.Contains("checksum", e.Reason);
        Assert.Contains(what, e.Reason);
    }

    [Fact]
    public void FlippedByteInTheToc_Throws()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        var index = Path.Combine(b, "index");
        FlipByte(index, new FileInfo(index).Length - 20);
        Assert.Contains("TOC", OpenFails(b).Reason);
    }

    [Fact]
    public void TruncatedChunkFile_Throws()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        var seg = Path.Combine(b, "chunks", "000001");
        Truncate(seg, 3);
        var e = OpenFails(b);
        Assert.Equal(seg, e.Path);
        Assert.Contains("truncated", e.Reason);
    }

    [Fact]
    public void MissingChunkFile_Throws()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        File.Delete(Path.Combine(b, "chunks", "000001"));
        Assert.Contains("missing", OpenFails(b).Reason);
    }

    [Fact]
    public void MissingMetaJson_Throws()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        File.Delete(Path.Combine(b, "meta.json"));
        var e = OpenFails(b);
        Assert.Equal(Path.Combine(b, "meta.json"), e.Path);
        Assert.Contains("missing", e.Reason);
    }

    [Fact]
    public void GarbageMetaJson_Throws()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        File.WriteAllText(Path.Combine(b, "meta.json"), "{\"ulid\": 5");
        Assert.Contains("invalid meta.json", OpenFails(b).Reason);
    }

    [Fact]
    public void CorruptChunkInTheMiddle_IsDetectedOnRead()
    {
        using var dir = new TempDir();
        var b = WriteBlock(dir.Path);
        var seg = Path.Combine(b, "chunks", "000001");
        // The first chunk starts right after the 8-byte header; the open-time check only reads the last one.
        FlipByte(seg, 8 + 4);
        using var block = Block.Open(b);
        var first = ReadFirstChunkMeta(block);
        var e = Assert.Throws<CorruptBlockException>(() => block.Chunk(first));
        Assert.Equal(seg, e.Path);
        Assert.Contains("checksum", e.Reason);
    }

    private static Tsdb.Storage.Index.ChunkMeta ReadFirstChunkMeta(Block block)
    {
        var p = block.AllPostings();
        var metas = new List<Tsdb.Storage.Index.ChunkMeta>();
        while (p.Next())
        {
            block.Series(p.At, out _, metas);
            foreach (var m in metas)
            {
                if (m.Ref == 8)
                {
                    return m;
                }
            }
        }

        throw new InvalidOperationException("no chunk at offset 8");
    }

    [Fact]
    public void BlockSet_OpensHealthyBlocks_AndReportsBadOnes()
    {
        using var dir = new TempDir();
        var good1 = WriteBlock(dir.Path, 1, 0, 7_200_000);
        var bad1 = WriteBlock(dir.Path, 2, 7_200_000, 14_400_000);
        var good2 = WriteBlock(dir.Path, 3, 14_400_000, 21_600_000);
        var bad2 = WriteBlock(dir.Path, 4, 21_600_000, 28_800_000);
        var bad3 = WriteBlock(dir.Path, 5, 28_800_000, 36_000_000);
        Truncate(Path.Combine(bad1, "index"), 1);
        File.Delete(Path.Combine(bad2, "meta.json"));
        Truncate(Path.Combine(bad3, "chunks", "000001"), 1);
        Directory.CreateDirectory(Path.Combine(dir.Path, "wal"));

        var set = BlockSet.Open(dir.Path);
        try
        {
            Assert.Equal([good1, good2], set.Blocks.Select(b => b.Directory));
            Assert.Equal(new[] { bad1, bad2, bad3 }.Order(StringComparer.Ordinal), set.Warnings.Select(w => w.Path).Order(StringComparer.Ordinal));
            Assert.All(set.Warnings, w => Assert.Contains("corrupt block file", w.Reason));
            Assert.True(Directory.Exists(bad1)); // left for the operator
            Assert.True(Directory.Exists(Path.Combine(dir.Path, "wal")));
        }
        finally
        {
            foreach (var b in set.Blocks)
            {
                b.Dispose();
            }
        }
    }
}
