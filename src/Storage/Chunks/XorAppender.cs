using System.Buffers.Binary;
using System.Numerics;

namespace Tsdb.Storage.Chunks;

/// <summary>
/// Appends to an <see cref="XorChunk"/>. Keeps the previous timestamp, delta, value and XOR window
/// as fields so an append never re-reads the chunk (as Prometheus's xorAppender does).
/// </summary>
internal sealed class XorAppender : IChunkAppender
{
    private const byte NoWindow = 0xFF;

    private readonly XorChunk _chunk;
    private BitWriter _w;
    private int _count;
    private long _t;
    private double _v;
    private ulong _tDelta;
    private byte _leading = NoWindow;
    private byte _trailing;

    internal XorAppender(XorChunk chunk, BitWriter writer)
    {
        _chunk = chunk;
        _w = writer;
    }

    /// <summary>Samples in the chunk; the same as the header's count, without reading the buffer.</summary>
    public int Count => _count;

    public ReadOnlyMemory<byte> Bytes => _w.Buffer.AsMemory(0, _w.ByteLength);

    /// <summary>Rebuilds the appender state of an existing chunk by decoding it once.</summary>
    internal static XorAppender Resume(XorChunk chunk, ReadOnlyMemory<byte> data)
    {
        var it = new XorIterator(data);
        var bitLen = it.BitLengthAfterDecodingAll();
        var used = (int)((bitLen + 7) >> 3);
        var copy = new byte[Math.Max(used * 2, 128)];
        // Copy only the bits that belong to samples: the writer ORs new bits in, so stray padding
        // after the last sample (allowed in stored chunks) must not leak into them.
        data.Span[..used].CopyTo(copy);
        if ((bitLen & 7) != 0)
        {
            copy[used - 1] &= (byte)(0xFF << (8 - (int)(bitLen & 7)));
        }

        var a = new XorAppender(chunk, new BitWriter(copy, bitLen));
        a._count = it.Count;
        a._t = it.LastT;
        a._v = it.LastV;
        a._tDelta = it.LastTDelta;
        // Until the first changed value no window exists; a resumed appender must then open one (as a
        // fresh one would) rather than reuse the reader's zero-initialised 64-bit window, so that
        // resuming yields the same bytes as appending in one go.
        a._leading = it.HasWindow ? it.Leading : NoWindow;
        a._trailing = it.Trailing;
        return a;
    }

    public void Append(long t, double v)
    {
        if (_count == ushort.MaxValue)
        {
            throw new InvalidOperationException("XOR chunk is full (65535 samples)");
        }

        ulong tDelta = 0;
        if (_count == 0)
        {
            _w.WriteVarint(t);
            _w.WriteBits(BitConverter.DoubleToUInt64Bits(v), 64);
        }
        else if (_count == 1)
        {
            tDelta = (ulong)(t - _t);
            _w.WriteUVarint(tDelta);
            WriteValue(v);
        }
        else
        {
            tDelta = (ulong)(t - _t);
            var dod = (long)(tDelta - _tDelta);
            WriteDeltaOfDelta(dod);
            WriteValue(v);
        }

        _t = t;
        _v = v;
        _tDelta = tDelta;
        _count++;
        // The count goes in last: a concurrent reader that sees the new count also sees the bits.
        BinaryPrimitives.WriteUInt16BigEndian(_w.Buffer, (ushort)_count);
    }

    private void WriteDeltaOfDelta(long dod)
    {
        // Buckets from Prometheus xor.go: 0 | '10'+14 | '110'+17 | '1110'+20 | '1111'+64 bits. The
        // prefix and the bucket bits go out as one write (BitWriter masks dod to the bucket width).
        if (dod == 0)
        {
            _w.WriteZeroBit();
        }
        else if (InRange(dod, 14))
        {
            _w.WriteBits((0b10UL << 14) | ((ulong)dod & ((1UL << 14) - 1)), 2 + 14);
        }
        else if (InRange(dod, 17))
        {
            _w.WriteBits((0b110UL << 17) | ((ulong)dod & ((1UL << 17) - 1)), 3 + 17);
        }
        else if (InRange(dod, 20))
        {
            _w.WriteBits((0b1110UL << 20) | ((ulong)dod & ((1UL << 20) - 1)), 4 + 20);
        }
        else
        {
            _w.WriteBits(0b1111, 4);
            _w.WriteBits((ulong)dod, 64);
        }
    }

    /// <summary>Whether x fits the n-bit bucket: -(2^(n-1)-1) .. 2^(n-1), as Prometheus's bitRange.</summary>
    internal static bool InRange(long x, int n) => -((1L << (n - 1)) - 1) <= x && x <= 1L << (n - 1);

    private void WriteValue(double v)
    {
        var delta = BitConverter.DoubleToUInt64Bits(v) ^ BitConverter.DoubleToUInt64Bits(_v);
        if (delta == 0)
        {
            _w.WriteZeroBit();
            return;
        }

        var leading = (byte)BitOperations.LeadingZeroCount(delta);
        var trailing = (byte)BitOperations.TrailingZeroCount(delta);
        if (leading >= 32)
        {
            // 5 bits hold the leading-zero count.
            leading = 31;
        }

        // The format lets the writer choose: '10' reuses the previous window (2 + its width bits),
        // '11' opens a new one (13 + significant bits). Prometheus always reuses a window that fits,
        // so after one wide XOR every later value pays for the wide window; taking whichever is
        // shorter here saves about a tenth of the value bits on real gauges and counters, and
        // every reader of the format (Prometheus's included) decodes both forms.
        var width = 64 - _leading - _trailing;
        if (_leading != NoWindow && leading >= _leading && trailing >= _trailing && 2 + width <= 13 + (64 - leading - trailing))
        {
            // '10' then the bits inside the previous window; in one write when they fit 64 bits.
            if (width <= 62)
            {
                _w.WriteBits((0b10UL << width) | (delta >> _trailing), 2 + width);
            }
            else
            {
                _w.WriteBits(0b10, 2);
                _w.WriteBits(delta >> _trailing, width);
            }

            return;
        }

        _leading = leading;
        _trailing = trailing;
        var significant = 64 - leading - trailing;
        // '11', 5 bits leading, 6 bits significant (64 does not fit 6 bits: written as 0, read back
        // as 64), then the significant bits: 13 + significant bits, in one write when they fit.
        var header = (0b11UL << 11) | ((ulong)leading << 6) | ((ulong)significant & 0x3F);
        if (significant <= 64 - 13)
        {
            _w.WriteBits((header << significant) | (delta >> trailing), 13 + significant);
        }
        else
        {
            _w.WriteBits(header, 13);
            _w.WriteBits(delta >> trailing, significant);
        }
    }
}
