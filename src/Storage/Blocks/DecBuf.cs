using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// A bounds-checked cursor over encoded bytes (Prometheus encoding.Decbuf). Every read past the
/// end or malformed varint throws <see cref="InvalidDataException"/>, which block opening turns
/// into a <see cref="CorruptBlockException"/> naming the file.
/// </summary>
internal ref struct DecBuf(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public byte Byte()
    {
        if (Position >= _data.Length)
        {
            ThrowShort();
        }

        return _data[Position++];
    }

    public uint BE32()
    {
        var v = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
        return v;
    }

    public ulong BE64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public ulong Uvarint()
    {
        ulong x = 0;
        var shift = 0;
        for (var i = 0; i < 10; i++)
        {
            if (Position >= _data.Length)
            {
                ThrowShort();
            }

            var b = _data[Position++];
            if (b < 0x80)
            {
                if (i == 9 && b > 1)
                {
                    break;
                }

                return x | ((ulong)b << shift);
            }

            x |= (ulong)(b & 0x7F) << shift;
            shift += 7;
        }

        throw new InvalidDataException("varint overflows 64 bits");
    }

    public long Varint()
    {
        var u = Uvarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public int UvarintInt()
    {
        var v = Uvarint();
        if (v > int.MaxValue)
        {
            throw new InvalidDataException($"length {v} out of range");
        }

        return (int)v;
    }

    public ReadOnlySpan<byte> Bytes(int n)
    {
        return Take(n);
    }

    public ReadOnlySpan<byte> UvarintBytes() => Take(UvarintInt());

    public string UvarintString() => Encoding.UTF8.GetString(UvarintBytes());

    public void Skip(int n) => Take(n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int n)
    {
        if ((uint)n > (uint)(_data.Length - Position))
        {
            ThrowShort();
        }

        var s = _data.Slice(Position, n);
        Position += n;
        return s;
    }

    // Cold path kept out of the inlined readers.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new InvalidDataException("unexpected end of data");
}
