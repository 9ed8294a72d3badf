using Tsdb.Storage.Codecs;
using System.Text;
using FsCheck.Xunit;
using Tsdb.Storage.Blocks;

namespace Tsdb.Storage.Tests.Blocks;

public class BlockPrimitivesTests
{
    [Fact]
    public void Crc32C_MatchesTheCastagnoliCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        var data = Encoding.UTF8.GetBytes(new string('x', 1000) + "tail");
        var split = ~Crc32C.Update(Crc32C.Update(Crc32C.Initial, data.AsSpan(0, 333)), data.AsSpan(333));
        Assert.Equal(Crc32C.Compute(data), split);
    }

    [Property(MaxTest = 200)]
    public void Varints_RoundTrip(long v, ulong u)
    {
        var b = new EncBuf(1);
        b.PutVarint(v);
        b.PutUvarint(u);
        var d = new DecBuf(b.Span);
        Assert.Equal(v, d.Varint());
        Assert.Equal(u, d.Uvarint());
        Assert.Equal(0, d.Remaining);
    }

    [Fact]
    public void DecBuf_ThrowsOnShortInput()
    {
        Assert.Throws<InvalidDataException>(() => new DecBuf([0x80, 0x80]).Uvarint());
        Assert.Throws<InvalidDataException>(() => new DecBuf([1, 2, 3]).BE32());
        Assert.Throws<InvalidDataException>(() => new DecBuf([5, 1]).UvarintBytes());
    }

    [Fact]
    public void Ulid_FormatsParsesAndSortsByTime()
    {
        var a = Ulid.New(1_700_000_000_000);
        var b = Ulid.New(1_700_000_000_001);
        Assert.Equal(26, a.ToString().Length);
        Assert.Equal(a, Ulid.Parse(a.ToString()));
        Assert.Equal(a, Ulid.Parse(a.ToString().ToLowerInvariant()));
        Assert.Equal(1_700_000_000_000, a.Time);
        Assert.True(a < b);
        Assert.True(string.CompareOrdinal(a.ToString(), b.ToString()) < 0);
        Assert.False(Ulid.TryParse("8ZZZZZZZZZZZZZZZZZZZZZZZZZ", out _)); // overflows 128 bits
        Assert.False(Ulid.TryParse("01ARZ3NDEKTSV4RRFFQ69G5FAU", out _)); // U is not Crockford
        Assert.False(Ulid.TryParse("short", out _));
        // The spec's example.
        Assert.Equal("01ARZ3NDEKTSV4RRFFQ69G5FAV", Ulid.Parse("01ARZ3NDEKTSV4RRFFQ69G5FAV").ToString());
        Assert.Equal(1469922850259, Ulid.Parse("01ARZ3NDEKTSV4RRFFQ69G5FAV").Time);
    }

    [Fact]
    public void BlockMeta_ReadsPrometheusMetaJson_AndWritesTheSameFields()
    {
        const string prometheus = """
            {
            	"ulid": "01BKGTZQ1HHWHV8FBJXW1Y3W0K",
            	"minTime": 1500940800000,
            	"maxTime": 1500962400000,
            	"stats": {
            		"numSamples": 1502,
            		"numSeries": 12,
            		"numChunks": 13,
            		"numFloatSamples": 1502
            	},
            	"compaction": {
            		"level": 2,
            		"sources": [
            			"01BKGV7JBM69T2G1BGBGM6KB12",
            			"01BKGV7JC0RY8A6MACW02A2PJD"
            		],
            		"parents": [
            			{ "ulid": "01BKGV7JBM69T2G1BGBGM6KB12", "minTime": 1500940800000, "maxTime": 1500948000000 },
            			{ "ulid": "01BKGV7JC0RY8A6MACW02A2PJD", "minTime": 1500948000000, "maxTime": 1500962400000 }
            		]
            	},
            	"version": 1
            }
            """;
        var meta = BlockMeta.FromJson(Encoding.UTF8.GetBytes(prometheus));
        Assert.Equal("01BKGTZQ1HHWHV8FBJXW1Y3W0K", meta.Ulid.ToString());
        Assert.Equal(1500962400000, meta.MaxTime);
        Assert.Equal(12UL, meta.Stats.NumSeries);
        Assert.Equal(2, meta.Compaction.Level);
        Assert.Equal(2, meta.Compaction.Sources!.Count);
        Assert.Equal(1500948000000, meta.Compaction.Parents![1].MinTime);

        var json = Encoding.UTF8.GetString(meta.ToJson());
        Assert.Contains("\t\"ulid\": \"01BKGTZQ1HHWHV8FBJXW1Y3W0K\"", json);
        Assert.Contains("\"numChunks\": 13", json);
        Assert.Contains("\"version\": 1", json);
        Assert.DoesNotContain("deletable", json);
        var again = BlockMeta.FromJson(meta.ToJson());
        Assert.Equal(meta.Ulid, again.Ulid);
        Assert.Equal(meta.Compaction.Parents!.Select(p => p.Ulid), again.Compaction.Parents!.Select(p => p.Ulid));
    }

    [Fact]
    public void BlockMeta_RejectsOtherVersions() =>
        Assert.Throws<InvalidDataException>(() => BlockMeta.FromJson("""{"ulid":"01BKGTZQ1HHWHV8FBJXW1Y3W0K","minTime":0,"maxTime":1,"version":2}"""u8));
}
