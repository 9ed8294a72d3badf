using System.Runtime.CompilerServices;

namespace Tsdb.Storage.Chunks;

/// <summary>
/// Appends bits MSB-first into a growable byte array. Bits already written are never changed, so a
/// reader that stops at a sample count it read earlier can decode while this writer appends.
/// </summary>
internal struct BitWriter
{
    private byte[] _buf;
    private long _bitLen;

    public BitWriter(int initialBytes)
    {
        _buf = new byte[Math.Max(initialBytes, 16)];
        _bitLen = 0;
    }

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
        EnsureCapacity(1);
        if (bit)
        {
            _buf[_bitLen >> 3] |= (byte)(0x80 >> (int)(_bitLen & 7));
        }

        _bitLen++;
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (0..64), MSB first.</summary>
    public void WriteBits(ulong value, int count)
    {
        if (count == 0)
        {
            return;
        }

        EnsureCapacity(count);
        if (count < 64)
        {
            value &= (1UL << count) - 1;
        }

        while (count > 0)
        {
            var byteIndex = (int)(_bitLen >> 3);
            var used = (int)(_bitLen & 7);
            var free = 8 - used;
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

    private void EnsureCapacity(int bits)
    {
        var needBytes = (_bitLen + bits + 7) >> 3;
        if (needBytes > _buf.Length)
        {
            // Copy into a fresh array rather than resizing in place: readers holding the old array stay valid.
            var next = new byte[Math.Max(_buf.Length * 2, (int)needBytes)];
            _buf.AsSpan(0, ByteLength).CopyTo(next);
            _buf = next;
        }
    }
}
