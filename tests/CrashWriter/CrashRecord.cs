using System.Buffers.Binary;
using System.IO.Hashing;

namespace Tsdb.CrashWriter;

/// <summary>
/// The recognisable record the crash writer appends (a copy of this layout lives in the tests,
/// which do not reference this assembly):
/// <c>[u64 batch seq][u32 index in batch][u32 records in batch][payload][u32 CRC-32 of all before]</c>,
/// payload byte j = (byte)(seq * 31 + index * 7 + j). Length varies with (seq, index).
/// </summary>
public static class CrashRecord
{
    public const int Overhead = 8 + 4 + 4 + 4;

    public static int RecordsInBatch(long seq) => 1 + (int)(seq % 8);

    public static int PayloadLength(long seq, int index) => (int)((ulong)(seq * 2654435761L + index * 40503L) % 700);

    public static int Write(Span<byte> destination, long seq, int index, int count)
    {
        var payloadLength = PayloadLength(seq, index);
        BinaryPrimitives.WriteInt64LittleEndian(destination, seq);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], index);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], count);
        var payload = destination.Slice(16, payloadLength);
        for (var j = 0; j < payload.Length; j++)
        {
            payload[j] = unchecked((byte)(seq * 31 + index * 7 + j));
        }

        var length = 16 + payloadLength;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[length..], Crc32.HashToUInt32(destination[..length]));
        return length + 4;
    }
}
