using System.Globalization;
using Tsdb.Storage;

namespace Tsdb.CrashWriter;

/// <summary>
/// Drives the whole engine until killed: batch k appends one sample at t = k * 100 ms to each of
/// <see cref="SeriesPerBatch"/> series (value k * 1000 + i) and prints "acked k ok" once the commit
/// returned. A 2 s block range with compaction every 200 ms makes head persistence, WAL checkpoints
/// and truncation happen inside the kill window; a reader thread keeps queriers open meanwhile.
/// </summary>
internal static class DbMode
{
    public const int SeriesPerBatch = 50;

    public static int Run(string dir)
    {
        var options = new DbOptions
        {
            BlockRange = 2000,
            CompactionInterval = TimeSpan.FromMilliseconds(200),
            RetentionTime = TimeSpan.FromDays(3650),
        };
        using var db = Db.Open(dir, options);
        var labels = new Labels[SeriesPerBatch];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = Labels.FromStrings("__name__", "crash", "s", i.ToString(CultureInfo.InvariantCulture));
        }

        var reader = new Thread(() =>
        {
            while (true)
            {
                using var q = db.Querier(long.MinValue, long.MaxValue);
                foreach (var s in q.Select(Matcher.Equal("__name__", "crash")))
                {
                    var it = s.Iterator();
                    while (it.Next() == SampleKind.Float)
                    {
                    }
                }

                Thread.Sleep(20);
            }
        }) { IsBackground = true };
        reader.Start();

        var app = db.Appender();
        var refs = new ulong[SeriesPerBatch];
        var stdout = Console.Out;
        for (long k = 0; ; k++)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                refs[i] = app.Append(refs[i], labels[i], k * 100, k * 1000 + i);
            }

            var result = app.Commit();
            if (result.Rejected > 0)
            {
                Console.Error.WriteLine("rejected: " + result.Describe());
                return 1;
            }

            stdout.WriteLine("acked " + k.ToString(CultureInfo.InvariantCulture) + " ok");
            stdout.Flush();
        }
    }
}
