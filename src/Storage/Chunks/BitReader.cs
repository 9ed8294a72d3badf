using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Tsdb.Storage.Chunks;

/// <summary>
/// Reads bits MSB-first from a span kept by the caller (so this struct can live in a class field
/// across calls). A 64-bit window is refilled 8 bytes at a time; reading past the end sets
/// <see cref="Overrun"/> instead of throwing, which keeps the decode loop branch-light.
/// </summary>
internal struct BitReader
{
    private int _next;      // next byte of the stream to load into the window
    private ulong _window;  // unread bits, left-aligned
    private int _valid;     // how many bits of _window are unread

    public BitReader(int startByte)
    {
        _next = startByte;
        _window = 0;
        _valid = 0;
        Overrun = false;
    }

    public bool Overrun { get; private set; }

    /// <summary>Bits consumed from the start of the data.</summary>
    public readonly long BitPosition => (long)_next * 8 - _valid;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBit(ReadOnlySpan<byte> data)
    {
        if (_valid == 0)
        {
            Refill(data);
            if (_valid == 0)
            {
                Overrun = true;
                return false;
            }
        }

        var bit = (_window >> 63) != 0;
        _window <<= 1;
        _valid--;
        return bit;
    }

    /// <summary>Reads <paramref name="count"/> bits (1..64) as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadBits(ReadOnlySpan<byte> data, int count)
    {
        if (count <= _valid)
        {
            var r = _window >> (64 - count);
            _window = count == 64 ? 0 : _window << count;
            _valid -= count;
            return r;
        }

        return ReadBitsSlow(data, count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong ReadBitsSlow(ReadOnlySpan<byte> data, int count)
    {
        // Take what is left in the window, refill, take the rest.
        var have = _valid;
        var hi = have == 0 ? 0 : _window >> (64 - have);
        var need = count - have;
        Refill(data);
        if (_valid < need)
        {
            Overrun = true;
            _valid = 0;
            return 0;
        }

        var lo = _window >> (64 - need);
        _window = need == 64 ? 0 : _window << need;
        _valid -= need;
        return need == 64 ? lo : (hi << need) | lo;
    }

    public byte ReadByte(ReadOnlySpan<byte> data) => (byte)ReadBits(data, 8);

    public ulong ReadUVarint(ReadOnlySpan<byte> data)
    {
        ulong x = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte(data);
            if (Overrun)
            {
                return 0;
            }

            if (b < 0x80)
            {
                return x | ((ulong)b << shift);
            }

            x |= (ulong)(b & 0x7F) << shift;
        }

        Overrun = true;
        return 0;
    }

    public long ReadVarint(ReadOnlySpan<byte> data)
    {
        var u = ReadUVarint(data);
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    private void Refill(ReadOnlySpan<byte> data)
    {
        // Only called with an empty window (ReadBitsSlow consumed the remainder first).
        if ((uint)(_next + 8) <= (uint)data.Length)
        {
            _window = BinaryPrimitives.ReadUInt64BigEndian(data[_next..]);
            _next += 8;
            _valid = 64;
            return;
        }

        ulong w = 0;
        var n = 0;
        while (_next < data.Length && n < 8)
        {
            w |= (ulong)data[_next++] << (56 - 8 * n);
            n++;
        }

        _window = w;
        _valid = 8 * n;
    }
}
