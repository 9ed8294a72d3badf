using System.Globalization;

namespace Tsdb.Storage.Wal;

/// <summary>
/// File layout of a WAL directory (close to Prometheus's tsdb/wlog):
/// <list type="bullet">
/// <item><c>00000000</c>, <c>00000001</c>, ...: segment files of framed records (<see cref="WalFraming"/>).</item>
/// <item><c>checkpoint.SSSSSSSS.OOOOOOOOOO</c>: a checkpoint directory holding one framed file <c>00000000</c>
/// with the records of everything before position (segment S, offset O), the "cut".</item>
/// <item><c>checkpoint.*.tmp</c>: a checkpoint being written; deleted on open (crash leftovers).</item>
/// </list>
/// </summary>
internal static class WalDirectory
{
    public const string CheckpointPrefix = "checkpoint.";
    public const string TempSuffix = ".tmp";
    public const string CheckpointFile = "00000000";

    public readonly record struct SegmentFile(int Index, string Path, long Length);

    public sealed record CheckpointDir(long Cut, string Path);

    public static string SegmentName(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    public static string SegmentPath(string dir, int index) => System.IO.Path.Combine(dir, SegmentName(index));

    public static string CheckpointName(long cut) =>
        string.Create(CultureInfo.InvariantCulture, $"{CheckpointPrefix}{WalPosition.Segment(cut):D8}.{WalPosition.Offset(cut):D10}");

    /// <summary>Segment files sorted by index. Names that are not plain numbers are ignored.</summary>
    public static List<SegmentFile> ListSegments(string dir)
    {
        var list = new List<SegmentFile>();
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            var name = System.IO.Path.GetFileName(path);
            if (name.Length is > 0 and <= 10 && IsDigits(name) &&
                int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                list.Add(new SegmentFile(index, path, new FileInfo(path).Length));
            }
        }

        list.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        return list;
    }

    /// <summary>Completed checkpoints (not temp dirs), sorted by cut.</summary>
    public static List<CheckpointDir> ListCheckpoints(string dir)
    {
        var list = new List<CheckpointDir>();
        foreach (var path in Directory.EnumerateDirectories(dir, CheckpointPrefix + "*"))
        {
            if (TryParseCheckpoint(System.IO.Path.GetFileName(path), out var cut))
            {
                list.Add(new CheckpointDir(cut, path));
            }
        }

        list.Sort(static (a, b) => a.Cut.CompareTo(b.Cut));
        return list;
    }

    public static IEnumerable<string> ListTempCheckpoints(string dir) =>
        Directory.EnumerateDirectories(dir, CheckpointPrefix + "*" + TempSuffix);

    internal static bool TryParseCheckpoint(string name, out long cut)
    {
        cut = 0;
        if (!name.StartsWith(CheckpointPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name.AsSpan(CheckpointPrefix.Length);
        var dot = rest.IndexOf('.');
        if (dot <= 0 || !IsDigits(rest[..dot]) || !IsDigits(rest[(dot + 1)..]) ||
            !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var segment) ||
            !long.TryParse(rest[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ||
            offset > uint.MaxValue)
        {
            return false;
        }

        cut = WalPosition.Make(segment, offset);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
