using System.Buffers.Binary;
using System.Numerics;

namespace Tsdb.Storage.Codecs;

/// <summary>
/// CRC-32C (Castagnoli), the checksum Prometheus uses for every index section and chunk
/// (Go's <c>crc32.MakeTable(crc32.Castagnoli)</c>: reflected, initial and final value 0xFFFFFFFF).
/// System.IO.Hashing only ships the IEEE polynomial, so this uses
/// <see cref="BitOperations.Crc32C(uint, ulong)"/>, which is the SSE4.2 / ARMv8 CRC32C instruction
/// where available (several GB/s) and a software table otherwise.
/// </summary>
internal static class Crc32C
{
    public const uint Initial = 0xFFFFFFFF;

    /// <summary>The checksum of <paramref name="data"/> (finalized).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(Initial, data);

    /// <summary>Feeds <paramref name="data"/> into a running (unfinalized) state; finalize with <c>~state</c>.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        if (data.Length >= 4)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }
}
