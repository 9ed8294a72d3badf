using System.Runtime.InteropServices;
using Tsdb.Storage.Chunks;

namespace Tsdb.Storage.Tests.Chunks;

/// <summary>Guards the allocation-free hot paths (style.md: "Guard allocation-free paths with tests").</summary>
public class XorChunkAllocationTests
{
    private static XorChunk Gauge120()
    {
        var c = new XorChunk();
        var a = c.Appender();
        var rng = new Random(7);
        var v = 100.0;
        for (var i = 0; i < 120; i++)
        {
            v = Math.Round(v + rng.Next(-500, 500) / 1000.0, 3);
            a.Append(1_700_000_000_000L + i * 15_000L + rng.Next(-3, 3), v);
        }

        return c;
    }

    private static double DecodeAll(XorChunk c, XorIterator reuse)
    {
        var it = c.XorIterator(reuse);
        var sum = 0.0;
        while (it.Next() == SampleKind.Float)
        {
            sum += it.AtV() + it.AtT();
        }

        return sum;
    }

    [Fact]
    public void Decoding_WithReusedIterator_AllocatesNothing()
    {
        var c = Gauge120();
        var frozen = new XorChunk(c.Bytes.ToArray());
        var it = c.XorIterator();
        // Warm up (JIT tiers, statics).
        for (var i = 0; i < 50; i++)
        {
            DecodeAll(c, it);
            DecodeAll(frozen, it);
        }

        // The least of a few measured rounds: tiered JIT work can land on this thread's counter under load.
        var sum = 0.0;
        var allocated = long.MaxValue;
        for (var round = 0; round < 5 && allocated != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
            {
                sum += DecodeAll(c, it);
                sum += DecodeAll(frozen, it);
                // Seek through the interface-typed Iterator(reuse) as well.
                var si = frozen.Iterator(it);
                sum += si.Seek(1_700_000_000_000L + 60 * 15_000L) == SampleKind.Float ? si.AtT() : 0;
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void Appending_AllocatesOnlyWhenTheBufferGrows()
    {
        // Warm up the append path on a throwaway chunk.
        for (var i = 0; i < 20; i++)
        {
            Gauge120();
        }

        var c = new XorChunk();
        var a = c.Appender();
        var rng = new Random(3);
        var values = new double[120];
        var v = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = v = Math.Round(v + rng.Next(-500, 500) / 100.0, 2);
        }

        var grows = 0;
        for (var i = 0; i < values.Length; i++)
        {
            MemoryMarshal.TryGetArray(c.Bytes, out var seg0);
            var before = GC.GetAllocatedBytesForCurrentThread();
            a.Append(1_700_000_000_000L + i * 15_000L, values[i]);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            MemoryMarshal.TryGetArray(c.Bytes, out var seg1);
            if (ReferenceEquals(seg0.Array, seg1.Array))
            {
                Assert.True(allocated == 0, $"append {i} allocated {allocated} bytes without growing the buffer");
            }
            else
            {
                grows++;
                // A grown buffer is one array of at most twice the old size (plus the array header).
                Assert.InRange(allocated, 1, 2 * seg0.Array!.Length + 64);
            }
        }

        // 128 initial bytes hold 120 gauge samples at ~1-2 bytes each with at most a couple of doublings.
        Assert.InRange(grows, 0, 3);
    }
}
