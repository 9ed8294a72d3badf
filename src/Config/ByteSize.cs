using System.Globalization;

namespace Tsdb.Config;

/// <summary>Byte sizes as Prometheus writes them (<c>512MB</c>, <c>1GiB</c>, <c>100KB</c>, plain bytes); KB/MB/... are powers of 1024 as in units.Base2Bytes.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50), ("EiB", 1L << 60),
        ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40), ("PB", 1L << 50), ("EB", 1L << 60),
        ("B", 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var (suffix, factor) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                try
                {
                    bytes = checked(n * factor);
                    return true;
                }
                catch (OverflowException)
                {
                    return false;
                }
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
    }
}
