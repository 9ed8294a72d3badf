namespace Tsdb.Storage.Blocks;

/// <summary>File and directory names inside a data directory and a block directory.</summary>
public static class BlockDirs
{
    /// <summary>Suffix of a block being written; such directories are removed on open (Prometheus tmpForCreationBlockDirSuffix).</summary>
    public const string TmpForCreationSuffix = ".tmp-for-creation";

    /// <summary>Suffix of a block being deleted; removed on open.</summary>
    public const string TmpForDeletionSuffix = ".tmp-for-deletion";

    public const string IndexFileName = "index";
    public const string ChunksDirName = "chunks";

    /// <summary>Chunk segment file names are 1-based and six digits wide: chunks/000001.</summary>
    public static string SegmentFileName(int sequence) =>
        sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
