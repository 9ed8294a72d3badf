using System.Runtime.InteropServices;

namespace Tsdb.Storage.Wal;

/// <summary>
/// fsync of a directory, so that a created, renamed or deleted file name is durable (POSIX leaves
/// directory entries in the page cache otherwise). .NET has no API for it: File.OpenHandle refuses
/// directories on Unix, hence the two libc calls. Windows (NTFS journals metadata) is a no-op.
/// </summary>
internal static class DirectorySync
{
    private const int ORdOnly = 0;
    private const int EInval = 22;
    private const int ENotSup = 95;

    public static void Fsync(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeMethods.open(directory, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} for fsync (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                // Some file systems do not support fsync on directories; nothing to make durable there.
                if (errno is not EInval and not ENotSup)
                {
                    throw new IOException($"fsync of directory {directory} failed (errno {errno})");
                }
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    // DllImport rather than LibraryImport: the LibraryImport generator emits unsafe code and the
    // repository builds with AllowUnsafeBlocks=false.
#pragma warning disable SYSLIB1054, CA5392, CA2101
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        internal static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        internal static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        internal static extern int close(int fd);
    }
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
