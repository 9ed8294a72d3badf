using Tsdb.Storage.IO;
namespace Tsdb.Storage.Blocks;

/// <summary>
/// The blocks of a data directory, opened at startup (Prometheus DB.reloadBlocks on open).
/// </summary>
public sealed class BlockSet
{
    private BlockSet(IReadOnlyList<Block> blocks, IReadOnlyList<BlockOpenWarning> warnings, IReadOnlyList<Ulid> deleted)
    {
        Blocks = blocks;
        Warnings = warnings;
        Deleted = deleted;
    }

    /// <summary>Open blocks sorted by <see cref="BlockMeta.MinTime"/> (then ULID). The caller owns them.</summary>
    public IReadOnlyList<Block> Blocks { get; }

    /// <summary>Block directories that failed to open; they are left on disk untouched.</summary>
    public IReadOnlyList<BlockOpenWarning> Warnings { get; }

    /// <summary>Blocks deleted because a newer block supersedes them (or they were marked deletable).</summary>
    public IReadOnlyList<Ulid> Deleted { get; }

    /// <summary>
    /// Opens every block directory (a name that parses as a ULID) in <paramref name="dataDir"/>:
    /// <list type="number">
    /// <item>removes leftover <c>*.tmp-for-creation</c> / <c>*.tmp-for-deletion</c> directories
    /// (an interrupted write or delete);</item>
    /// <item>opens and verifies each block; failures become <see cref="Warnings"/> and the other
    /// blocks still open;</item>
    /// <item>deletes blocks superseded by an opened block, i.e. whose ULID is among its
    /// <c>compaction.parents</c> or <c>compaction.sources</c>: the remains of a compaction that
    /// crashed after renaming the new block into place but before deleting its parents. A
    /// superseded block that failed to open is deleted too and not reported. Blocks with
    /// <c>compaction.deletable</c> set are deleted as well.</item>
    /// </list>
    /// Other I/O errors while listing the directory propagate.
    /// </summary>
    public static BlockSet Open(string dataDir)
    {
        System.IO.Directory.CreateDirectory(dataDir);
        var warnings = new List<BlockOpenWarning>();
        var candidates = new List<(Ulid Ulid, string Dir)>();
        foreach (var dir in System.IO.Directory.EnumerateDirectories(dataDir))
        {
            var name = Path.GetFileName(dir);
            if (name.EndsWith(BlockDirs.TmpForCreationSuffix, StringComparison.Ordinal) || name.EndsWith(BlockDirs.TmpForDeletionSuffix, StringComparison.Ordinal))
            {
                try
                {
                    System.IO.Directory.Delete(dir, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    warnings.Add(new BlockOpenWarning(dir, "cannot remove leftover temporary directory: " + e.Message));
                }

                continue;
            }

            if (Ulid.TryParse(name, out var ulid))
            {
                candidates.Add((ulid, dir));
            }
        }

        var opened = new List<Block>();
        var failed = new List<(Ulid Ulid, BlockOpenWarning Warning)>();
        foreach (var (ulid, dir) in candidates)
        {
            try
            {
                opened.Add(Block.Open(dir));
            }
            catch (CorruptBlockException e)
            {
                failed.Add((ulid, new BlockOpenWarning(dir, e.Message)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add((ulid, new BlockOpenWarning(dir, "cannot open block: " + e.Message)));
            }
        }

        var superseded = new HashSet<Ulid>();
        foreach (var b in opened)
        {
            var c = b.Meta.Compaction;
            foreach (var p in c.Parents ?? [])
            {
                superseded.Add(p.Ulid);
            }

            foreach (var s in c.Sources ?? [])
            {
                if (s != b.Ulid)
                {
                    superseded.Add(s);
                }
            }
        }

        var deleted = new List<Ulid>();
        var blocks = new List<Block>(opened.Count);
        foreach (var b in opened)
        {
            if (superseded.Contains(b.Ulid) || b.Meta.Compaction.Deletable)
            {
                b.MarkForDeletion();
                if (b.DeletionError is { } err)
                {
                    warnings.Add(new BlockOpenWarning(b.Directory, "cannot delete superseded block: " + err.Message));
                }

                deleted.Add(b.Ulid);
            }
            else
            {
                blocks.Add(b);
            }
        }

        foreach (var (ulid, warning) in failed)
        {
            if (superseded.Contains(ulid))
            {
                try
                {
                    FileSync.DeleteDirectory(warning.Path);
                    deleted.Add(ulid);
                    continue;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    warnings.Add(new BlockOpenWarning(warning.Path, "cannot delete superseded block: " + e.Message));
                    continue;
                }
            }

            warnings.Add(warning);
        }

        blocks.Sort(static (a, b) => a.MinTime != b.MinTime ? a.MinTime.CompareTo(b.MinTime) : a.Ulid.CompareTo(b.Ulid));
        return new BlockSet(blocks, warnings, deleted);
    }
}
