namespace Tsdb.Storage.Wal;

/// <summary>
/// A position token in the log: <c>(segment index &lt;&lt; 32) | byte offset in the segment</c>. Positions of
/// records grow in enqueue order (a record in segment n+1 is always after every record of segment n),
/// so they compare as plain longs. Offsets stay below 2^32 because segments are at most 1 GB and a
/// record at most 256 MB.
/// </summary>
internal static class WalPosition
{
    public static long Make(int segment, long offset) => ((long)segment << 32) | offset;

    public static int Segment(long position) => (int)(position >>> 32);

    public static long Offset(long position) => position & 0xFFFF_FFFFL;

    public static string Format(long position) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"segment {Segment(position)} offset {Offset(position)}");
}
