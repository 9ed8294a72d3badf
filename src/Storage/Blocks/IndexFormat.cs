namespace Tsdb.Storage.Blocks;

/// <summary>
/// Constants of the block <c>index</c> file (Prometheus tsdb/docs/format/index.md, format v2):
/// header (magic 0xBAAAD700, version 2), symbol table, series (16-byte aligned; a series
/// reference is its offset / 16), label indices, postings, label offset table, postings offset
/// table and a TOC of six big-endian 64-bit section offsets plus CRC32C as the last 52 bytes.
/// Every section carries a CRC32C of its content.
/// </summary>
internal static class IndexFormat
{
    public const uint Magic = 0xBAAAD700;
    public const byte Version = 2;
    public const int HeaderSize = 5;
    public const int TocSize = 6 * 8 + 4;
    public const int SeriesAlignment = 16;

    /// <summary>Every this-many postings-offset-table entries of a label name are kept in memory (as Prometheus does).</summary>
    public const int PostingsOffsetSampling = 32;

    /// <summary>The label pair under which the list of all series is stored (Prometheus index.AllPostingsKey).</summary>
    public const string AllPostingsName = "";
    public const string AllPostingsValue = "";
}
