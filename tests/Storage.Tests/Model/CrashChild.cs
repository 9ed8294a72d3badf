using System.Diagnostics;
using System.Globalization;

namespace Tsdb.Storage.Tests;

/// <summary>
/// Runs the CrashWriter child program, collects its "acked N" lines, and kills it with SIGKILL after
/// a while, as a crash would.
/// </summary>
internal static class CrashChild
{
    public static string Dll()
    {
        // tests/Storage.Tests/bin/<config>/<tfm>/ -> tests/CrashWriter/bin/<config>/<tfm>/Tsdb.CrashWriter.dll
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var sibling = Path.Combine(baseDir.FullName, "Tsdb.CrashWriter.dll");
        if (File.Exists(sibling))
        {
            return sibling;
        }

        var path = Path.GetFullPath(Path.Combine(baseDir.FullName, "..", "..", "..", "..", "CrashWriter", "bin", baseDir.Parent!.Name, baseDir.Name, "Tsdb.CrashWriter.dll"));
        Assert.True(File.Exists(path), $"CrashWriter not built at {path}");
        return path;
    }

    public static HashSet<long> RunAndKill(string dll, IEnumerable<string> args, TimeSpan runFor)
    {
        var acked = new HashSet<long>();
        using var firstAck = new ManualResetEventSlim();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = start };
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            // The kill can cut the last line anywhere, and the reader hands over that fragment at
            // end of stream; only a line with its closing " ok" is a whole acknowledgement.
            if (e.Data is { Length: > 9 } line && line.StartsWith("acked ", StringComparison.Ordinal) && line.EndsWith(" ok", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(6, line.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                lock (acked)
                {
                    acked.Add(seq);
                }

                firstAck.Set();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(firstAck.Wait(TimeSpan.FromSeconds(30)), "no ack from the crash writer: " + stderr);
            Thread.Sleep(runFor);
            Assert.False(process.HasExited, "crash writer exited on its own: " + stderr);
        }
        finally
        {
            process.Kill(); // SIGKILL on Unix
            process.WaitForExit(); // also drains the redirected output
        }

        lock (acked)
        {
            return [.. acked];
        }
    }
}
