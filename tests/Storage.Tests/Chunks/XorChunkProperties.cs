using FsCheck.Xunit;
using Tsdb.Storage.Chunks;

namespace Tsdb.Storage.Tests.Chunks;

/// <summary>Round-trip, resume, Seek and snapshot properties of the XOR chunk over generated samples.</summary>
[Properties(Arbitrary = [typeof(SampleGen)])]
public class XorChunkProperties
{
    private static XorChunk Encode(ReadOnlySpan<Sample> samples)
    {
        var c = new XorChunk();
        var a = c.Appender();
        foreach (var s in samples)
        {
            a.Append(s.T, s.V);
        }

        return c;
    }

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

    private static void AssertBitIdentical(ReadOnlySpan<Sample> expected, List<Sample> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].T, actual[i].T);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(expected[i].V), BitConverter.DoubleToUInt64Bits(actual[i].V));
        }
    }

    [Property]
    public void Encode_Decode_IsBitExact(SampleSeq seq)
    {
        var c = Encode(seq.Samples);
        Assert.Equal(seq.Samples.Length, c.NumSamples);
        AssertBitIdentical(seq.Samples, Decode(c));

        // The same bytes as a frozen (block) chunk.
        var frozen = new XorChunk(c.Bytes.ToArray());
        Assert.Equal(seq.Samples.Length, frozen.NumSamples);
        AssertBitIdentical(seq.Samples, Decode(frozen));
    }

    [Property]
    public void TypedIterator_DecodesTheSame(SampleSeq seq)
    {
        var c = Encode(seq.Samples);
        var it = c.XorIterator();
        var list = new List<Sample>();
        while (it.Next() == SampleKind.Float)
        {
            Assert.Equal(it.AtT(), it.At().T);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(it.AtV()), BitConverter.DoubleToUInt64Bits(it.At().V));
            list.Add(it.At());
        }

        Assert.Null(it.Error);
        AssertBitIdentical(seq.Samples, list);

        // Exhausted stays exhausted.
        Assert.Equal(SampleKind.None, it.Next());
    }

    [Property]
    public void ResumedAppender_ContinuesTheChunk_ByteForByte(SampleSeq seq, int splitSeed)
    {
        var all = seq.Samples;
        var k = (int)((uint)splitSeed % (uint)(all.Length + 1));
        var first = Encode(all.AsSpan(0, k));
        var frozen = new XorChunk(first.Bytes.ToArray());
        var a = frozen.Appender();
        foreach (var s in all.AsSpan(k))
        {
            a.Append(s.T, s.V);
        }

        AssertBitIdentical(all, Decode(frozen));
        // Resuming rebuilds the exact appender state, so the bytes equal a one-shot encoding.
        Assert.Equal(Encode(all).Bytes.ToArray(), frozen.Bytes.ToArray());
    }

    [Property]
    public void Seek_LandsOnFirstSampleAtOrAfter(SampleSeq seq, int targetSeed, byte advance)
    {
        var all = seq.Samples;
        var c = Encode(all);
        long target;
        if (all.Length == 0 || targetSeed % 7 == 0)
        {
            target = targetSeed % 2 == 0 ? long.MinValue : long.MaxValue;
        }
        else
        {
            var i = (int)((uint)targetSeed % (uint)all.Length);
            var t = all[i].T;
            target = ((targetSeed >> 8) % 3) switch
            {
                0 => t,
                1 => t == long.MinValue ? t : t - 1,
                _ => t == long.MaxValue ? t : t + 1,
            };
        }

        // Advance a few samples first: Seek must not go backwards from the current position.
        var it = c.Iterator();
        var pos = -1;
        var steps = all.Length == 0 ? 0 : advance % (all.Length + 1);
        for (var s = 0; s < steps; s++)
        {
            Assert.Equal(SampleKind.Float, it.Next());
            pos++;
        }

        var expected = Array.FindIndex(all, s => s.T >= target);
        if (expected >= 0 && pos > expected)
        {
            expected = pos;
        }

        var kind = it.Seek(target);
        if (expected < 0)
        {
            Assert.Equal(SampleKind.None, kind);
            return;
        }

        Assert.Equal(SampleKind.Float, kind);
        Assert.Equal(all[expected].T, it.AtT());
        Assert.Equal(BitConverter.DoubleToUInt64Bits(all[expected].V), BitConverter.DoubleToUInt64Bits(it.At().V));

        // Seeking again to the same target stays put; iteration continues from there.
        Assert.Equal(SampleKind.Float, it.Seek(target));
        Assert.Equal(all[expected].T, it.AtT());
        var rest = 0;
        while (it.Next() == SampleKind.Float)
        {
            rest++;
        }

        Assert.Equal(all.Length - expected - 1, rest);
    }

    [Property]
    public void Iterator_SeesOnlySamplesPresentAtCreation(SampleSeq seq, int splitSeed)
    {
        var all = seq.Samples;
        var n = (int)((uint)splitSeed % (uint)(all.Length + 1));
        var c = new XorChunk();
        var a = c.Appender();
        foreach (var s in all.AsSpan(0, n))
        {
            a.Append(s.T, s.V);
        }

        var iface = c.Iterator();
        var typed = c.XorIterator();
        var reused = new XorChunk().XorIterator();
        Assert.Same(reused, c.XorIterator(reused));

        // The head keeps appending while a query holds these iterators.
        foreach (var s in all.AsSpan(n))
        {
            a.Append(s.T, s.V);
        }

        foreach (var it in new ISampleIterator[] { iface, typed, reused })
        {
            var got = new List<Sample>();
            while (it.Next() == SampleKind.Float)
            {
                got.Add(it.At());
            }

            Assert.Null(it.Error);
            AssertBitIdentical(all.AsSpan(0, n), got);
        }
    }

    [Property]
    public void TruncatedBytes_DecodeAPrefix_ThenReportAnError(SampleSeq seq, int cutSeed)
    {
        var all = seq.Samples;
        var bytes = Encode(all).Bytes.ToArray();
        if (all.Length == 0)
        {
            return;
        }

        // Keep the header, drop at least one byte of sample data.
        var keep = XorChunkHeader + (int)((uint)cutSeed % (uint)(bytes.Length - XorChunkHeader));
        var it = new XorChunk(bytes.AsMemory(0, keep)).Iterator();
        var got = new List<Sample>();
        while (it.Next() == SampleKind.Float)
        {
            got.Add(it.At());
        }

        Assert.True(got.Count < all.Length, $"decoded {got.Count} of {all.Length} from {keep} of {bytes.Length} bytes");
        Assert.NotNull(it.Error);
        AssertBitIdentical(all.AsSpan(0, got.Count), got);
        Assert.Equal(SampleKind.None, it.Next());
    }

    private const int XorChunkHeader = 2;
}
