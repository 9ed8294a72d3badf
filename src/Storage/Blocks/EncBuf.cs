using System.Buffers.Binary;
using System.Text;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// A growable byte buffer with the primitive encoders of the block formats (Prometheus
/// encoding.Encbuf): Go-style uvarint/varint (LEB128, zig-zag for signed), big-endian fixed
/// width integers and uvarint-length-prefixed UTF-8 strings. Reused across entries; not thread-safe.
/// </summary>
internal sealed class EncBuf(int capacity = 256)
{
    private byte[] _buf = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buf.AsSpan(0, Length);

    public void Reset() => Length = 0;

    public void PutByte(byte b)
    {
        Ensure(1);
        _buf[Length++] = b;
    }

    public void PutBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buf.AsSpan(Length));
        Length += bytes.Length;
    }

    public void PutBE32(uint v)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buf.AsSpan(Length), v);
        Length += 4;
    }

    public void PutBE64(ulong v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64BigEndian(_buf.AsSpan(Length), v);
        Length += 8;
    }

    public void PutUvarint(ulong v)
    {
        Ensure(10);
        Length += WriteUvarint(_buf.AsSpan(Length), v);
    }

    public void PutVarint(long v) => PutUvarint(ZigZag(v));

    /// <summary>uvarint byte length, then the UTF-8 bytes (invalid UTF-16 is replaced by U+FFFD).</summary>
    public void PutUvarintString(string s)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        PutUvarint((ulong)n);
        Ensure(n);
        Length += Encoding.UTF8.GetBytes(s, _buf.AsSpan(Length));
    }

    /// <summary>Overwrites 4 bytes at <paramref name="offset"/> (for length fields known only at the end).</summary>
    public void PatchBE32(int offset, uint v) => BinaryPrimitives.WriteUInt32BigEndian(_buf.AsSpan(offset), v);

    public static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    public static int UvarintSize(ulong v)
    {
        var n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }

        return n;
    }

    public static int WriteUvarint(Span<byte> dst, ulong v)
    {
        var i = 0;
        while (v >= 0x80)
        {
            dst[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        dst[i++] = (byte)v;
        return i;
    }

    private void Ensure(int n)
    {
        if (Length + n > _buf.Length)
        {
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, Length + n));
        }
    }
}
