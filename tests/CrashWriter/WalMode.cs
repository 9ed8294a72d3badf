using System.Globalization;
using Tsdb.Storage.Wal;

namespace Tsdb.CrashWriter;

/// <summary>
/// <c>wal &lt;dir&gt;</c>: several writer threads append batches of <see cref="CrashRecord"/>s; after
/// WaitForCommit of a batch's last record returns, the batch's sequence number is printed as
/// <c>acked &lt;seq&gt; ok</c> (one write, so a cut line lacks the "ok") and stdout flushed. Runs until killed.
/// </summary>
internal static class WalMode
{
    public static int Run(string dir, string[] options)
    {
        var segmentSize = WalOptions.Default.SegmentSize;
        var writers = 2;
        for (var i = 0; i + 1 < options.Length; i += 2)
        {
            switch (options[i])
            {
                case "--segment-size":
                    segmentSize = long.Parse(options[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--writers":
                    writers = int.Parse(options[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {options[i]}");
                    return 2;
            }
        }

        var wal = SegmentWal.Open(dir, new WalOptions { SegmentSize = segmentSize });
        var result = wal.Replay(static _ => { });
        if (result.Warning is { } warning)
        {
            Console.Error.WriteLine(warning);
        }

        long nextSeq = 0;
        var stdout = Console.Out;
        var threads = new Thread[writers];
        for (var w = 0; w < writers; w++)
        {
            threads[w] = new Thread(() =>
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var seq = Interlocked.Increment(ref nextSeq);
                    var count = CrashRecord.RecordsInBatch(seq);
                    long last = 0;
                    for (var i = 0; i < count; i++)
                    {
                        var n = CrashRecord.Write(buffer, seq, i, count);
                        last = wal.Enqueue(buffer.AsSpan(0, n));
                    }

                    wal.WaitForCommit(last);
                    lock (stdout)
                    {
                        stdout.WriteLine("acked " + seq.ToString(CultureInfo.InvariantCulture) + " ok");
                        stdout.Flush();
                    }
                }
            })
            { IsBackground = true, Name = "crash-writer-" + w.ToString(CultureInfo.InvariantCulture) };
            threads[w].Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        return 0;
    }
}
