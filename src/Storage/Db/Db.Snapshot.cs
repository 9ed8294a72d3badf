using System.Globalization;
using System.Security.Cryptography;
using Tsdb.Storage.Blocks;
using Tsdb.Storage.IO;

namespace Tsdb.Storage;

public sealed partial class Db
{
    /// <summary>Where <see cref="Snapshot(bool)"/> puts snapshots, under the data directory.</summary>
    public const string SnapshotsDirName = "snapshots";

    /// <summary>
    /// Creates <c>&lt;data&gt;/snapshots/&lt;name&gt;</c> with <see cref="Snapshot(string, bool)"/> and returns the
    /// name, <c>YYYYMMDDTHHMMSSZ-&lt;16 hex digits&gt;</c> as Prometheus's snapshot API names it.
    /// </summary>
    public string Snapshot(bool withHead)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        // 63 random bits, as Prometheus's rand.Int63().
        var suffix = (BitConverter.ToUInt64(random) >> 1).ToString("x16", CultureInfo.InvariantCulture);
        var name = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + suffix;
        var dir = Path.Combine(Directory, SnapshotsDirName, name);
        Snapshot(dir, withHead);
        return name;
    }

    /// <summary>
    /// Writes a consistent copy of the database into <paramref name="dir"/> that opens as a Db
    /// (Prometheus DB.Snapshot): every block's files hard-linked (copied where linking fails) into
    /// <c>dir/&lt;ulid&gt;/</c>, and with <paramref name="withHead"/> the head's current data (without
    /// deleted samples) written as one more block. The live head is not truncated.
    /// </summary>
    public void Snapshot(string dir, bool withHead)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        System.IO.Directory.CreateDirectory(dir);
        // Under the compaction lock no block is replaced, deleted or given new tombstones meanwhile.
        lock (_compactionLock)
        {
            foreach (var b in _blocks)
            {
                if (!b.TryAcquireReader())
                {
                    continue;
                }

                try
                {
                    HardLink.LinkOrCopyTree(b.Directory, Path.Combine(dir, b.Ulid.ToString()));
                }
                finally
                {
                    b.ReleaseReader();
                }
            }

            if (withHead)
            {
                var mint = Head.MinTime;
                var maxt = Head.MaxTime;
                if (mint <= maxt)
                {
                    var series = Head.SeriesForBlock(mint, maxt);
                    if (series.Count > 0)
                    {
                        // Block MaxTime is exclusive.
                        new BlockWriter().Write(dir, mint, maxt == long.MaxValue ? maxt : maxt + 1, series);
                    }
                }
            }
        }

        FileSync.SyncDirectory(dir);
    }
}
