using System.Buffers;
using Tsdb.Storage.Chunks;

namespace Tsdb.Storage.Tests.Chunks;

public class XorChunkTests
{
    private static List<Sample> Decode(IChunk c)
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

    [Fact]
    public void RoundTrips_SpecialValues_AndGaps()
    {
        var samples = new List<Sample>
        {
            new(-1_000_000, 1.5), new(-999_000, double.NaN), new(0, StaleNaN.Value), new(15_000, double.PositiveInfinity),
            new(30_000, double.NegativeInfinity), new(30_001, -0.0), new(long.MaxValue / 4, double.Epsilon),
            new(long.MaxValue / 4 + 1, double.MaxValue), new(long.MaxValue / 4 + 5, 42),
        };
        var c = new XorChunk();
        var a = c.Appender();
        foreach (var s in samples)
        {
            a.Append(s.T, s.V);
        }

        var got = Decode(c);
        Assert.Equal(samples.Count, got.Count);
        for (var i = 0; i < got.Count; i++)
        {
            Assert.Equal(samples[i].T, got[i].T);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(samples[i].V), BitConverter.DoubleToUInt64Bits(got[i].V));
        }

        // The same bytes read through a frozen chunk, and appending after resuming.
        var frozen = new XorChunk(c.Bytes.ToArray());
        Assert.Equal(got, Decode(frozen));
        frozen.Appender().Append(long.MaxValue / 4 + 20, 7);
        Assert.Equal(samples.Count + 1, Decode(frozen).Count);
        Assert.Equal(new Sample(long.MaxValue / 4 + 20, 7), Decode(frozen)[^1]);
    }

    [Fact]
    public void RegularScrape_CompressesWell()
    {
        var c = new XorChunk();
        var a = c.Appender();
        for (var i = 0; i < 120; i++)
        {
            a.Append(1_700_000_000_000 + i * 15_000L, 100 + i);
        }

        Assert.Equal(120, c.NumSamples);
        Assert.True(c.Bytes.Length < 120 * 3, $"{c.Bytes.Length} bytes");
        Assert.Equal(120, Decode(c).Count);
    }

    [Fact]
    public void Seek_FindsFirstSampleAtOrAfter()
    {
        var c = new XorChunk();
        var a = c.Appender();
        for (var i = 0; i < 10; i++)
        {
            a.Append(i * 10, i);
        }

        var it = c.Iterator();
        Assert.Equal(SampleKind.Float, it.Seek(35));
        Assert.Equal(40, it.AtT());
        Assert.Equal(SampleKind.Float, it.Seek(20));
        Assert.Equal(40, it.AtT());
        Assert.Equal(SampleKind.None, it.Seek(91));
    }

    [Fact]
    public void TruncatedChunk_ReportsError()
    {
        var c = new XorChunk();
        var a = c.Appender();
        for (var i = 0; i < 50; i++)
        {
            a.Append(i * 1000, Math.Sin(i));
        }

        var cut = new XorChunk(c.Bytes[..(c.Bytes.Length / 2)]);
        var it = cut.Iterator();
        var n = 0;
        while (it.Next() == SampleKind.Float)
        {
            n++;
        }

        Assert.True(n < 50);
        Assert.NotNull(it.Error);
    }

    [Fact]
    public void Resume_IgnoresPaddingAfterTheLastSample()
    {
        var c = new XorChunk();
        var a = c.Appender();
        for (var i = 0; i < 5; i++)
        {
            a.Append(i * 15_000L, i * 1.5);
        }

        // A stored chunk's slice may run past its last sample (e.g. into the next chunk's bytes).
        var padded = c.Bytes.ToArray().Concat(new byte[] { 0xFF, 0xFF, 0xFF }).ToArray();
        var frozen = new XorChunk(padded);
        frozen.Appender().Append(5 * 15_000L, 7.5);
        a.Append(5 * 15_000L, 7.5);
        Assert.Equal(c.Bytes.ToArray(), frozen.Bytes.ToArray());
        Assert.Equal(Decode(c), Decode(frozen));
    }

    [Fact]
    public void Decodes_MemoryNotBackedByAnArray()
    {
        var c = new XorChunk();
        var a = c.Appender();
        for (var i = 0; i < 120; i++)
        {
            a.Append(i * 15_000L, Math.Round(Math.Sin(i) * 100, 2));
        }

        // Like a memory-mapped block: the iterator copies such data into a buffer it reuses.
        using var owner = new NativeLikeMemory(c.Bytes.ToArray());
        var frozen = new XorChunk(owner.Memory);
        Assert.Equal(Decode(c), Decode(frozen));

        var it = frozen.XorIterator();
        var n = 0;
        var allocated = Tsdb.Tests.Shared.AllocationProbe.LeastAllocated(() =>
        {
            frozen.XorIterator(it);
            n = 0;
            while (it.Next() == SampleKind.Float)
            {
                n++;
            }
        });
        Assert.Equal(120, n);
        Assert.Equal(0, allocated);
    }

    private sealed class NativeLikeMemory(byte[] data) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => data;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
