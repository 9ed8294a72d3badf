using System.Runtime.CompilerServices;

namespace Tsdb.Storage.Wal;

/// <summary>
/// LEB128 varints as in Go's encoding/binary (PutUvarint / PutVarint with zig-zag), which is what
/// Prometheus's record encoding uses. At most 10 bytes for a 64-bit value.
/// </summary>
internal static class Varint
{
    public const int MaxLength = 10;

    // Per sample (two deltas each): the one-byte case is inlined, longer values take the loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteUnsigned(Span<byte> destination, ulong value)
    {
        if (value < 0x80)
        {
            destination[0] = (byte)value;
            return 1;
        }

        return WriteUnsignedLong(destination, value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WriteUnsignedLong(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteSigned(Span<byte> destination, long value) => WriteUnsigned(destination, ZigZag(value));

    // Tiny and on every sample: inlining avoids a call per timestamp/ref delta.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static int UnsignedLength(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }
}
