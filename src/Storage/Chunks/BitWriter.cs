using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Tsdb.Storage.Chunks;

/// <summary>
/// Appends bits MSB-first into a growable byte array. Bits already written are never changed, so a
/// reader that stops at a sample count it read earlier can decode while this writer appends.
/// <para>
/// Writes go a 64-bit big-endian word at a time: the bits land at their offset in the word starting
/// at the current byte, which is OR'ed with that byte's bits already written (every byte after it is
/// still zero). A reader sees the current byte stored again with its old bits unchanged, so it never
/// observes a torn value. Near the end of the buffer writes fall back to a byte at a time, so the
/// buffer grows exactly when the bits need it.
/// </para>
/// </summary>
internal struct BitWriter
{
    // A word write touches up to 16 bytes from the current one (two words when the bits spill over).
    private const int WordSlack = 16;

    private byte[] _buf;
    private long _bitLen;

    public BitWriter(int initialBytes)
    {
        _buf = new byte[Math.Max(initialBytes, 16)];
        _bitLen = 0;
    }

    /// <summary>Continues after <paramref name="bitLen"/> bits; every bit after them must be zero.</summary>
    public BitWriter(byte[] existing, long bitLen)
    {
        _buf = existing;
        _bitLen = bitLen;
    }

    public readonly byte[] Buffer => _buf;

    public readonly long BitLength => _bitLen;

    public readonly int ByteLength => (int)((_bitLen + 7) >> 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBit(bool bit)
    {
        EnsureByte();
        if (bit)
        {
            _buf[_bitLen >> 3] |= (byte)(0x80 >> (int)(_bitLen & 7));
        }

        _bitLen++;
    }

    /// <summary>A zero bit: the bytes ahead are zero already, so only the length moves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteZeroBit()
    {
        EnsureByte();
        _bitLen++;
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (0..64), MSB first.</summary>
    public void WriteBits(ulong value, int count)
    {
        if (count == 0)
        {
            return;
        }

        if (count < 64)
        {
            value &= (1UL << count) - 1;
        }

        var index = (int)(_bitLen >> 3);
        if (index + WordSlack > _buf.Length)
        {
            WriteBitsNearEnd(value, count);
            return;
        }

        var used = (int)(_bitLen & 7);
        var word = (ulong)_buf[index] << 56;
        var fit = 64 - used;
        if (count <= fit)
        {
            word |= value << (fit - count);
            BinaryPrimitives.WriteUInt64BigEndian(_buf.AsSpan(index, 8), word);
        }
        else
        {
            // Only when used > 0 and count > 64 - used: the low bits spill into the next word.
            var rest = count - fit;
            word |= value >> rest;
            BinaryPrimitives.WriteUInt64BigEndian(_buf.AsSpan(index, 8), word);
            BinaryPrimitives.WriteUInt64BigEndian(_buf.AsSpan(index + 8, 8), value << (64 - rest));
        }

        _bitLen += count;
    }

    /// <summary>
    /// Within the last <see cref="WordSlack"/> bytes: a byte at a time, growing only to the bytes the
    /// bits need, so that buffers grow exactly as often as the bits require (chunk memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteBitsNearEnd(ulong value, int count)
    {
        var needBytes = (int)((_bitLen + count + 7) >> 3);
        if (needBytes > _buf.Length)
        {
            Grow(needBytes);
        }

        while (count > 0)
        {
            var byteIndex = (int)(_bitLen >> 3);
            var free = 8 - (int)(_bitLen & 7);
            var take = Math.Min(free, count);
            // The next `take` bits of value, aligned to the free space of the current byte.
            var bits = (byte)((value >> (count - take)) & ((1UL << take) - 1));
            _buf[byteIndex] |= (byte)(bits << (free - take));
            count -= take;
            _bitLen += take;
        }
    }

    public void WriteByte(byte b) => WriteBits(b, 8);

    public void WriteUVarint(ulong v)
    {
        while (v >= 0x80)
        {
            WriteByte((byte)(v | 0x80));
            v >>= 7;
        }

        WriteByte((byte)v);
    }

    public void WriteVarint(long v) => WriteUVarint((ulong)((v << 1) ^ (v >> 63)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureByte()
    {
        if ((int)(_bitLen >> 3) >= _buf.Length)
        {
            Grow((int)(_bitLen >> 3) + 1);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needBytes)
    {
        // Copy into a fresh array rather than resizing in place: readers holding the old array stay valid.
        var next = new byte[Math.Max(_buf.Length * 2, needBytes)];
        _buf.AsSpan(0, ByteLength).CopyTo(next);
        _buf = next;
    }
}
