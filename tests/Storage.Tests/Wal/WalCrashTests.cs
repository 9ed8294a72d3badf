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
    [Fact]
    public void KilledWriter_LosesNoAcknowledgedBatch()
    {
        var dll = CrashChild.Dll();
        var random = new Random();
        for (var run = 0; run < 3; run++)
        {
            using var dir = new TestDirectory();
            var acked = CrashChild.RunAndKill(dll, ["wal", dir.Path, "--segment-size", (256 << 10).ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMilliseconds(random.Next(1000, 3000)));
            Assert.NotEmpty(acked);
            Verify(dir.Path, acked);
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
