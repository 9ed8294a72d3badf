using System.Runtime.InteropServices;

using Tsdb.Storage.Blocks;

namespace Tsdb.Storage.IO;

/// <summary>
/// Durability helpers. .NET can fsync a file (<see cref="FileStream.Flush(bool)"/>) but not a
/// directory, which POSIX needs so that a rename or new directory entry survives a power cut.
/// </summary>
internal static partial class FileSync
{
    private const int EInval = 22;
    private const int ENotSup = 95;

    /// <summary>fsyncs the directory entry list of <paramref name="dir"/> (no-op on Windows, where NTFS journals metadata).</summary>
    public static void SyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // O_RDONLY (0) works for directories on Linux and macOS; O_DIRECTORY's value differs per architecture.
        var fd = Open(dir, 0);
        if (fd < 0)
        {
            throw new IOException($"open {dir} for fsync failed: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                // EINVAL / ENOTSUP: the file system cannot fsync directories; there is nothing to make durable.
                if (errno is not EInval and not ENotSup)
                {
                    throw new IOException($"fsync {dir} failed: errno {errno}");
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Deletes a directory tree; first renames it so a crash mid-delete never leaves a half-deleted block under its real name (Prometheus does the same).</summary>
    public static void DeleteDirectory(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        var doomed = dir.TrimEnd(Path.DirectorySeparatorChar) + BlockDirs.TmpForDeletionSuffix;
        if (Directory.Exists(doomed))
        {
            Directory.Delete(doomed, recursive: true);
        }

        Directory.Move(dir, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
