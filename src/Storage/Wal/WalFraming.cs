using Tsdb.Storage.Codecs;
using System.Buffers.Binary;

namespace Tsdb.Storage.Wal;

/// <summary>
/// On-disk framing of one record in a segment or checkpoint file:
/// <c>[u32 LE payload length][u32 LE CRC-32C over the 4 length bytes and the payload][payload]</c>.
/// Records never span files and files have no header, so a file is valid exactly when it is a
/// sequence of valid frames. The CRC covers the length too, so a corrupted length (including a
/// zero-filled region, whose CRC is not 0) is detected even when it happens to fit the file.
/// </summary>
internal static class WalFraming
{
    public const int HeaderSize = 8;

    /// <summary>Upper bound for one record's payload; larger lengths in a header mean corruption.</summary>
    public const int MaxRecordSize = 256 << 20;

    public static uint Checksum(int length, ReadOnlySpan<byte> payload)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)length);
        return ~Crc32C.Update(Crc32C.Update(0xFFFFFFFFu, len), payload);
    }

    public static void WriteHeader(Span<byte> destination, int length, uint crc)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], crc);
    }

    /// <summary>Writes one framed record to a stream (used for checkpoint files).</summary>
    public static void WriteFrame(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, payload.Length, Checksum(payload.Length, payload));
        stream.Write(header);
        stream.Write(payload);
    }
}
