using System.Diagnostics;
using System.Globalization;
using Tsdb.Storage.Blocks;

namespace Tsdb.Storage.Tests.Blocks;

/// <summary>
/// The real Prometheus reads the blocks tsdb writes: `promtool tsdb dump` (Debian package
/// prometheus) opens a data directory holding one of our blocks and must print exactly the samples
/// that went in. The values are the kinds that exercise both XOR window forms our encoder chooses
/// between (counters with varying increments, noisy gauges, byte counters, occasional resets).
/// </summary>
public class PromtoolReadsBlocksTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Fact]
    public void Promtool_dump_returns_every_sample_of_a_tsdb_block()
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install it with `apt-get install -y prometheus` (Debian package prometheus)");
        using var dir = new TempDir();
        const long Start = 1_700_000_000_000;
        var series = Generate(Start, seriesCount: 60, samplesPerSeries: 480);
        var maxt = Start + (480 * 15_000L);
        BlockTestUtil.Write(dir.Path, Start, maxt, series);
        // promtool opens the directory as a read-only database, which needs a (here empty) WAL.
        Directory.CreateDirectory(Path.Combine(dir.Path, "wal"));

        var dumped = Dump(dir.Path, Start, maxt);

        Assert.Equal(series.Count, dumped.Count);
        foreach (var s in series)
        {
            var key = GoLabels(s.Labels);
            Assert.True(dumped.TryGetValue(key, out var got), $"promtool did not return {key}");
            var want = s.AllSamples();
            Assert.Equal(want.Count, got.Count);
            for (var i = 0; i < want.Count; i++)
            {
                Assert.Equal(want[i].T, got[i].T);
                Assert.Equal(BitConverter.DoubleToInt64Bits(want[i].V), BitConverter.DoubleToInt64Bits(got[i].V));
            }
        }
    }

    private static List<TestSeries> Generate(long start, int seriesCount, int samplesPerSeries)
    {
        var rng = new Random(7);
        var list = new List<TestSeries>();
        for (var s = 0; s < seriesCount; s++)
        {
            var samples = new List<Sample>(samplesPerSeries);
            var v = (double)rng.Next(1000);
            for (var i = 0; i < samplesPerSeries; i++)
            {
                v = (s % 4) switch
                {
                    0 => v + Math.Round(rng.NextDouble() * 100, 2),
                    1 => Math.Round(500 + (50 * Math.Sin(i / 10.0)) + (rng.NextDouble() * 10), 2),
                    2 => v + (Math.Floor(rng.NextDouble() * 4096) * 4096),
                    _ => rng.Next(100) == 0 ? 0 : v + rng.Next(3),
                };
                samples.Add(new Sample(start + (i * 15_000L) + (s * 37), v));
            }

            var chunks = samples.Chunk(ChunkNormalizer.MaxSamplesPerChunk).Select(c => c.ToList()).ToList();
            list.Add(new TestSeries(Labels.FromStrings("__name__", "m" + (s % 5), "instance", "host-" + s, "job", "node"), chunks));
        }

        return list;
    }

    private static Dictionary<string, List<Sample>> Dump(string dataDir, long mint, long maxt)
    {
        var psi = new ProcessStartInfo(Promtool, ["tsdb", "dump", "--min-time=" + mint, "--max-time=" + maxt, dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var result = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        while (p.StandardOutput.ReadLine() is { } line)
        {
            // {labels} value timestamp
            var close = line.LastIndexOf("} ", StringComparison.Ordinal);
            var fields = line[(close + 2)..].Split(' ');
            var key = line[..(close + 1)];
            if (!result.TryGetValue(key, out var samples))
            {
                result[key] = samples = [];
            }

            samples.Add(new Sample(long.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        Assert.True(p.WaitForExit(60_000), "promtool tsdb dump did not finish in 60 s");
        Assert.True(p.ExitCode == 0, $"promtool tsdb dump failed ({p.ExitCode}): {stderr.Result}");
        return result;
    }

    // Prometheus's labels.String(): {a="b", c="d"} (the test's values need no escaping).
    private static string GoLabels(Labels labels) =>
        "{" + string.Join(", ", labels.AsSpan().ToArray().Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";
}
