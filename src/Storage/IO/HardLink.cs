using System.Runtime.InteropServices;

namespace Tsdb.Storage.IO;

/// <summary>
/// Hard links for snapshots: .NET has no API for them, so POSIX link(2) is called directly. A
/// snapshot of immutable block files then costs no space; where linking is impossible (Windows,
/// another file system) the file is copied.
/// </summary>
internal static partial class HardLink
{
    /// <summary>Links (or copies) every file under <paramref name="sourceDir"/> into <paramref name="targetDir"/>, recursively.</summary>
    public static void LinkOrCopyTree(string sourceDir, string targetDir)
    {
        Directory.CreateDirectory(targetDir);
        foreach (var file in Directory.EnumerateFiles(sourceDir))
        {
            LinkOrCopy(file, Path.Combine(targetDir, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(sourceDir))
        {
            LinkOrCopyTree(dir, Path.Combine(targetDir, Path.GetFileName(dir)));
        }

        FileSync.SyncDirectory(targetDir);
    }

    public static void LinkOrCopy(string source, string target)
    {
        if (!OperatingSystem.IsWindows() && Link(source, target) == 0)
        {
            return;
        }

        File.Copy(source, target);
        using var f = new FileStream(target, FileMode.Open, FileAccess.ReadWrite);
        f.Flush(flushToDisk: true);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
