namespace Tsdb.Storage.Blocks;

/// <summary>
/// A block file is missing, truncated or fails a checksum. <see cref="Path"/> names the file (or
/// block directory) and <see cref="Reason"/> says what is wrong.
/// </summary>
public sealed class CorruptBlockException : Exception
{
    public CorruptBlockException(string path, string reason, Exception? inner = null)
        : base($"corrupt block file {path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    public string Path { get; }

    public string Reason { get; }
}
