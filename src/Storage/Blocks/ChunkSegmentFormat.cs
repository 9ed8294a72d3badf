namespace Tsdb.Storage.Blocks;

/// <summary>
/// Constants of the chunk segment files (Prometheus tsdb/docs/format/chunks.md): an 8-byte header
/// (magic 0x85BD40DD, version 1, 3 zero bytes), then chunks of
/// <c>len uvarint | encoding byte | data | CRC32C(encoding, data) big-endian</c>. A chunk reference
/// is <c>(segment index &lt;&lt; 32) | offset</c> where the index is 0-based (file 000001 is index 0).
/// </summary>
internal static class ChunkSegmentFormat
{
    public const uint Magic = 0x85BD40DD;
    public const byte Version = 1;
    public const int HeaderSize = 8;

    /// <summary>Segment files are cut before they would exceed 512 MiB (Prometheus DefaultChunkSegmentSize).</summary>
    public const long DefaultMaxSegmentSize = 512L * 1024 * 1024;

    public static ulong Ref(int segmentIndex, long offset) => ((ulong)(uint)segmentIndex << 32) | (uint)offset;

    public static int SegmentIndex(ulong chunkRef) => (int)(chunkRef >> 32);

    public static uint Offset(ulong chunkRef) => (uint)chunkRef;
}
