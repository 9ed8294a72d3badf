using System.Diagnostics;
using System.Globalization;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// Bytes per sample on disk for a realistic mix, through the real engine: 40% counters (small random
/// increments, occasional resets), 40% random-walk gauges with 2-3 decimals, 20% constants, scraped
/// every 15 s with +-jitterMs of timestamp jitter for 6 h, then persisted into blocks. Run with
/// <c>dotnet run -c Release --project bench/Tsdb.Bench -- disk [series] [jitterMs]</c>.
/// </summary>
internal static class DiskUsageReport
{
    public static void Run(int series, int jitterMs)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tsdb-disk-" + Guid.NewGuid().ToString("N"));
        var rnd = new Random(42);
        const long Interval = 15_000;
        const int Steps = 6 * 3600 / 15;
        var labels = new Labels[series];
        var values = new double[series];
        for (var i = 0; i < series; i++)
        {
            labels[i] = Labels.FromStrings(
                "__name__", "metric_" + (i % 50).ToString(CultureInfo.InvariantCulture),
                "instance", "host-" + (i / 50).ToString(CultureInfo.InvariantCulture) + ":9100",
                "job", "node");
            values[i] = i % 5 == 4 ? 1 : rnd.Next(1000);
        }

        var watch = Stopwatch.StartNew();
        long samples = 0;
        using (var db = Db.Open(dir, new DbOptions { BackgroundCompaction = false }))
        {
            var app = db.Appender();
            var refs = new ulong[series];
            var start = 1_700_000_000_000L;
            for (var s = 0; s < Steps; s++)
            {
                for (var i = 0; i < series; i++)
                {
                    var kind = i % 5;
                    if (kind < 2)
                    {
                        values[i] = rnd.Next(2000) == 0 ? 0 : values[i] + rnd.Next(0, 20);
                    }
                    else if (kind < 4)
                    {
                        values[i] = Math.Round(values[i] + (rnd.NextDouble() - 0.5) * 10, 2);
                    }

                    refs[i] = app.Append(refs[i], labels[i], start + s * Interval + (jitterMs == 0 ? 0 : rnd.Next(-jitterMs, jitterMs + 1)), values[i]);
                    samples++;
                }

                app.Commit();
                if (s % 240 == 0)
                {
                    db.Compact();
                }
            }

            db.Compact();
            long blockBytes = 0, blockSamples = 0, chunkBytes = 0;
            foreach (var b in Directory.GetDirectories(dir))
            {
                if (Path.GetFileName(b) == "wal")
                {
                    continue;
                }

                foreach (var f in Directory.GetFiles(b, "*", SearchOption.AllDirectories))
                {
                    var len = new FileInfo(f).Length;
                    blockBytes += len;
                    if (f.Contains(Path.DirectorySeparatorChar + "chunks" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        chunkBytes += len;
                    }
                }
            }

            foreach (var m in db.Blocks)
            {
                blockSamples += (long)m.Stats.NumSamples;
            }

            var walBytes = Directory.GetFiles(Path.Combine(dir, "wal"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"series {series}, jitter +-{jitterMs} ms, samples appended {samples}, in {watch.Elapsed.TotalSeconds:F1} s ({samples / watch.Elapsed.TotalSeconds / 1e6:F2} M samples/s incl. WAL fsyncs and compaction)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blocks {db.Blocks.Count}, samples in blocks {blockSamples}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chunk files: {chunkBytes} B = {(double)chunkBytes / blockSamples:F3} bytes/sample"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole blocks (index + chunks + meta): {blockBytes} B = {(double)blockBytes / blockSamples:F3} bytes/sample"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WAL now: {walBytes} B for the {samples - blockSamples} samples still in the head"));
        }

        Directory.Delete(dir, recursive: true);
    }
}
