using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage.Tests.Wal;

/// <summary>
/// Crash consistency: the CrashWriter child appends batches and prints "acked &lt;seq&gt;" after each
/// commit; we SIGKILL it at a random moment, reopen the WAL and check that every acknowledged batch
/// is there bit-exactly and that no damaged record comes back.
/// </summary>
public class WalCrashTests
{
    private static string CrashWriterDll()
    {
        // tests/Storage.Tests/bin/<config>/<tfm>/ -> tests/CrashWriter/bin/<config>/<tfm>/Tsdb.CrashWriter.dll
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var config = baseDir.Parent!.Name;
        var sibling = Path.Combine(baseDir.FullName, "Tsdb.CrashWriter.dll");
        if (File.Exists(sibling))
        {
            return sibling;
        }

        var path = Path.GetFullPath(Path.Combine(baseDir.FullName, "..", "..", "..", "..", "CrashWriter", "bin", config, tfm, "Tsdb.CrashWriter.dll"));
        Assert.True(File.Exists(path), $"CrashWriter not built at {path}");
        return path;
    }

    [Fact]
    public void KilledWriter_LosesNoAcknowledgedBatch()
    {
        var dll = CrashWriterDll();
        var random = new Random();
        for (var run = 0; run < 3; run++)
        {
            using var dir = new TestDirectory();
            var acked = RunAndKill(dll, dir.Path, TimeSpan.FromMilliseconds(random.Next(1000, 3000)));
            Assert.NotEmpty(acked);
            Verify(dir.Path, acked);
        }
    }

    private static HashSet<long> RunAndKill(string dll, string dir, TimeSpan runFor)
    {
        var acked = new HashSet<long>();
        using var firstAck = new ManualResetEventSlim();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "wal", dir, "--segment-size", (256 << 10).ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = start };
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("acked ", StringComparison.Ordinal))
            {
                lock (acked)
                {
                    acked.Add(long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
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

    private static void Verify(string dir, HashSet<long> acked)
    {
        var seen = new Dictionary<long, (int Count, int Next)>();
        var bad = new List<string>();
        WalReplayResult result;
        using (var wal = SegmentWal.Open(dir))
        {
            result = wal.Replay(record =>
            {
                if (!TryParse(record, out var seq, out var index, out var count))
                {
                    bad.Add($"damaged record of {record.Length} bytes");
                    return;
                }

                var state = seen.TryGetValue(seq, out var s) ? s : (Count: count, Next: 0);
                if (state.Count != count || state.Next != index)
                {
                    bad.Add($"batch {seq}: record {index}/{count} out of order (expected {state.Next}/{state.Count})");
                }

                seen[seq] = (count, index + 1);
            });
        }

        Assert.Empty(bad);
        var missing = acked.Where(seq => !seen.TryGetValue(seq, out var s) || s.Next != s.Count).Take(5).ToList();
        Assert.True(missing.Count == 0, $"acknowledged batches missing or incomplete: {string.Join(", ", missing)} ({result.Warning})");
    }

    /// <summary>Checks a record against the CrashWriter's layout (see tests/CrashWriter/CrashRecord.cs).</summary>
    private static bool TryParse(ReadOnlySpan<byte> r, out long seq, out int index, out int count)
    {
        seq = 0;
        index = 0;
        count = 0;
        if (r.Length < 20)
        {
            return false;
        }

        seq = BinaryPrimitives.ReadInt64LittleEndian(r);
        index = BinaryPrimitives.ReadInt32LittleEndian(r[8..]);
        count = BinaryPrimitives.ReadInt32LittleEndian(r[12..]);
        var payloadLength = (int)((ulong)(seq * 2654435761L + index * 40503L) % 700);
        if (count != 1 + (int)(seq % 8) || r.Length != 16 + payloadLength + 4)
        {
            return false;
        }

        for (var j = 0; j < payloadLength; j++)
        {
            if (r[16 + j] != unchecked((byte)(seq * 31 + index * 7 + j)))
            {
                return false;
            }
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(r[(16 + payloadLength)..]) == Crc32.HashToUInt32(r[..(16 + payloadLength)]);
    }
}
