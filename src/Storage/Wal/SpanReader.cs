using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Tsdb.Storage.Wal;

/// <summary>
/// Forward-only reader over a decoded record. Malformed input (a record that passed its CRC but
/// does not parse: a format mismatch or a bug) throws <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool End => _position >= _data.Length;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            ThrowTruncated();
        }

        return _data[_position++];
    }

    // Per sample: the one-byte case is inlined, longer varints take the loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadUnsigned()
    {
        if (_position < _data.Length && _data[_position] < 0x80)
        {
            return _data[_position++];
        }

        return ReadUnsignedLong();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong ReadUnsignedLong()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _data.Length)
            {
                ThrowTruncated();
            }

            var b = _data[_position++];
            if (shift == 63 && b > 1)
            {
                ThrowOverflow();
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }

            shift += 7;
            if (shift > 63)
            {
                ThrowOverflow();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadSigned() => Varint.UnZigZag(ReadUnsigned());

    public ulong ReadUInt64LittleEndian()
    {
        if (_data.Length - _position < 8)
        {
            ThrowTruncated();
        }

        var v = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position))
        {
            ThrowTruncated();
        }

        var s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    // Slow paths stay out of line so the varint loop stays small.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTruncated() => throw new InvalidDataException("WAL record ends early");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOverflow() => throw new InvalidDataException("WAL record has a varint longer than 64 bits");
}
