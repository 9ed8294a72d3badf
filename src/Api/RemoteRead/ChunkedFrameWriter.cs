using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Tsdb.Storage.Codecs;
using Tsdb.Storage.Wal;

namespace Tsdb.Api.RemoteRead;

/// <summary>
/// Frames of a streamed remote-read response (storage/remote/chunked.go ChunkedWriter): uvarint
/// length of the message, then the big-endian CRC32-Castagnoli of the message, then the message.
/// </summary>
internal static class ChunkedFrameWriter
{
    /// <summary>Serializes <paramref name="message"/> as one frame straight into <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, IMessage message)
    {
        var size = message.CalculateSize();
        var header = Varint.UnsignedLength((ulong)size) + sizeof(uint);
        var span = output.GetSpan(header + size);
        var lengthBytes = Varint.WriteUnsigned(span, (ulong)size);
        var body = span.Slice(header, size);
        message.WriteTo(body);
        BinaryPrimitives.WriteUInt32BigEndian(span[lengthBytes..], Crc32C.Compute(body));
        output.Advance(header + size);
    }
}
