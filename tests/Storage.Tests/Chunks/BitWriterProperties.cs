using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Chunks;

namespace Tsdb.Storage.Tests.Chunks;

/// <summary>
/// The word-at-a-time <see cref="BitWriter"/> and the XOR appender built on it must produce exactly
/// the bytes of a plain bit-by-bit writer (the Prometheus XOR format), so they are compared with a
/// reference encoder written here the slow, obvious way.
/// </summary>
[Properties(Arbitrary = [typeof(SampleGen)])]
public class BitWriterProperties
{
    [Property]
    public void WriteBits_MatchesBitByBitReference(ulong[] values, byte[] counts)
    {
        var n = Math.Min(values.Length, counts.Length);
        var w = new BitWriter(16);
        var reference = new ReferenceBits();
        for (var i = 0; i < n; i++)
        {
            var count = counts[i] % 65;
            if (counts[i] % 7 == 0)
            {
                w.WriteBit((values[i] & 1) != 0);
                reference.Write(values[i] & 1, 1);
                continue;
            }

            w.WriteBits(values[i], count);
            reference.Write(values[i], count);
        }

        Assert.Equal(reference.BitLength, w.BitLength);
        Assert.Equal(reference.ToArray(), w.Buffer.AsSpan(0, w.ByteLength).ToArray());
    }

    [Property]
    public void XorChunk_BytesMatchReferenceEncoder(SampleSeq seq)
    {
        var c = new XorChunk();
        var a = c.Appender();
        foreach (var s in seq.Samples)
        {
            a.Append(s.T, s.V);
        }

        Assert.Equal(ReferenceXor.Encode(seq.Samples), c.Bytes.ToArray());
    }

    [Property]
    public void ResumedAppender_BytesMatchReferenceEncoder(SampleSeq seq)
    {
        // Resuming half-way (as after loading a chunk) continues with the same bytes.
        var half = seq.Samples.Length / 2;
        var c = new XorChunk();
        var a = c.Appender();
        foreach (var s in seq.Samples.AsSpan(0, half))
        {
            a.Append(s.T, s.V);
        }

        var resumed = new XorChunk(c.Bytes.ToArray());
        var b = resumed.Appender();
        foreach (var s in seq.Samples.AsSpan(half))
        {
            b.Append(s.T, s.V);
        }

        Assert.Equal(ReferenceXor.Encode(seq.Samples), resumed.Bytes.ToArray());
    }

    private sealed class ReferenceBits
    {
        private readonly List<bool> _bits = [];

        public long BitLength => _bits.Count;

        public void Write(ulong value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                _bits.Add(((value >> i) & 1) != 0);
            }
        }

        public byte[] ToArray()
        {
            var bytes = new byte[(_bits.Count + 7) / 8];
            for (var i = 0; i < _bits.Count; i++)
            {
                if (_bits[i])
                {
                    bytes[i / 8] |= (byte)(0x80 >> (i % 8));
                }
            }

            return bytes;
        }
    }

    /// <summary>
    /// The XOR format straight from its description in Prometheus tsdb/chunkenc/xor.go, with the
    /// writer's one free choice (reuse the previous value window or open a new one) made for the
    /// shorter encoding.
    /// </summary>
    private static class ReferenceXor
    {
        public static byte[] Encode(ReadOnlySpan<Sample> samples)
        {
            var b = new ReferenceBits();
            b.Write((ulong)samples.Length, 16);
            long prevT = 0, prevDelta = 0;
            ulong prevBits = 0;
            int leading = -1, trailing = 0;
            for (var i = 0; i < samples.Length; i++)
            {
                var (t, v) = (samples[i].T, samples[i].V);
                var bits = BitConverter.DoubleToUInt64Bits(v);
                if (i == 0)
                {
                    Varint(b, (ulong)((t << 1) ^ (t >> 63)));
                    b.Write(bits, 64);
                }
                else
                {
                    var delta = t - prevT;
                    if (i == 1)
                    {
                        Varint(b, (ulong)delta);
                    }
                    else
                    {
                        var dod = delta - prevDelta;
                        if (dod == 0) { b.Write(0, 1); }
                        else if (Fits(dod, 14)) { b.Write(0b10, 2); b.Write((ulong)dod, 14); }
                        else if (Fits(dod, 17)) { b.Write(0b110, 3); b.Write((ulong)dod, 17); }
                        else if (Fits(dod, 20)) { b.Write(0b1110, 4); b.Write((ulong)dod, 20); }
                        else { b.Write(0b1111, 4); b.Write((ulong)dod, 64); }
                    }

                    var x = bits ^ prevBits;
                    if (x == 0)
                    {
                        b.Write(0, 1);
                    }
                    else
                    {
                        b.Write(1, 1);
                        var lz = Math.Min(31, BitOperations.LeadingZeroCount(x));
                        var tz = BitOperations.TrailingZeroCount(x);
                        // The writer's choice: reuse the window only when that is not longer than a new one.
                        if (leading >= 0 && lz >= leading && tz >= trailing && 2 + (64 - leading - trailing) <= 13 + (64 - lz - tz))
                        {
                            b.Write(0, 1);
                            b.Write(x >> trailing, 64 - leading - trailing);
                        }
                        else
                        {
                            (leading, trailing) = (lz, tz);
                            b.Write(1, 1);
                            b.Write((ulong)lz, 5);
                            b.Write((ulong)(64 - lz - tz), 6);
                            b.Write(x >> tz, 64 - lz - tz);
                        }
                    }

                    prevDelta = delta;
                }

                prevT = t;
                prevBits = bits;
            }

            return b.ToArray();
        }

        private static bool Fits(long x, int n) => -((1L << (n - 1)) - 1) <= x && x <= 1L << (n - 1);

        private static void Varint(ReferenceBits b, ulong v)
        {
            while (v >= 0x80)
            {
                b.Write((v & 0x7F) | 0x80, 8);
                v >>= 7;
            }

            b.Write(v, 8);
        }
    }
}
