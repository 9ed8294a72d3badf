using System.Globalization;
using Tsdb.Config;
using Tsdb.Scrape.Parsing;
using Tsdb.Storage.Blocks;

namespace Tsdb.Api.Import;

/// <summary>
/// <c>tsdb import openmetrics FILE [DATA_DIR]</c>: promtool's <c>tsdb create-blocks-from openmetrics</c>.
/// Reads an OpenMetrics file whose samples all carry timestamps (per-series order does not matter)
/// and writes blocks aligned to the block duration into the data directory (default <c>data/</c>).
/// A stopped server loads them at its next start; a running one when its Db reloads blocks
/// (<see cref="Storage.Db.ReloadBlocks"/>). As with promtool, do not import data from the last
/// few hours into a running server's directory: blocks there would overlap its head.
/// </summary>
public static class ImportCommand
{
    private const string Usage =
        "usage: tsdb import openmetrics [--max-block-duration=2h] [--quiet] FILE [DATA_DIR]\n";

    /// <summary>Exit codes: 0 ok, 1 import failed (nothing written), 2 bad usage.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var positional = new List<string>();
        var maxBlockDuration = TimeSpan.FromHours(2);
        var quiet = false;
        foreach (var a in args)
        {
            if (a.StartsWith("--max-block-duration=", StringComparison.Ordinal))
            {
                if (!PromDuration.TryParse(a["--max-block-duration=".Length..], out maxBlockDuration) || maxBlockDuration <= TimeSpan.Zero)
                {
                    stderr.Write("tsdb: error: invalid --max-block-duration \"" + a + "\"\n" + Usage);
                    return 2;
                }
            }
            else if (a is "--quiet" or "-q")
            {
                quiet = true;
            }
            else if (a.StartsWith('-'))
            {
                stderr.Write("tsdb: error: unknown flag " + a + "\n" + Usage);
                return 2;
            }
            else
            {
                positional.Add(a);
            }
        }

        if (positional.Count is < 2 or > 3 || positional[0] != "openmetrics")
        {
            stderr.Write(Usage);
            return 2;
        }

        var file = positional[1];
        var dataDir = positional.Count > 2 ? positional[2] : "data/";
        try
        {
            var backfill = new BlockBackfill(CompatibleBlockDuration((long)maxBlockDuration.TotalMilliseconds));
            var collected = new ImportCollector(defaultTimestamp: null);
            ExpositionReader.Parse(File.ReadAllBytes(file), ExpositionFormat.OpenMetrics, collected);
            if (collected.InvalidSamples > 0)
            {
                stderr.Write($"tsdb: error: {collected.InvalidSamples} samples with invalid labels: {collected.Reasons[0]}\n");
                return 1;
            }

            foreach (var (labels, t, v) in collected.Samples)
            {
                backfill.Add(labels, t, v);
            }

            backfill.Seal();
            if (backfill.Conflicts > 0)
            {
                stderr.Write($"tsdb: error: {backfill.Conflicts} samples repeat a timestamp with another value; first: {backfill.ConflictDetails[0]}\n");
                return 1;
            }

            var metas = backfill.Write(dataDir);
            if (!quiet)
            {
                PrintBlocks(stdout, metas);
            }

            return 0;
        }
        catch (ExpositionFormatException e)
        {
            stderr.Write("tsdb: error: " + file + ": " + ImportEndpoints.ParseError(e) + "\n");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.Write("tsdb: error: " + e.Message + "\n");
            return 1;
        }
    }

    /// <summary>The largest default compaction range not above the maximum (promtool getCompatibleBlockDuration).</summary>
    private static long CompatibleBlockDuration(long maxBlockDuration)
    {
        var duration = CompactionPlanner.DefaultBlockDuration;
        foreach (var r in CompactionPlanner.ExponentialBlockRanges(CompactionPlanner.DefaultBlockDuration, 10, 3))
        {
            if (r <= maxBlockDuration)
            {
                duration = r;
            }
        }

        return duration;
    }

    private static void PrintBlocks(TextWriter stdout, IReadOnlyList<BlockMeta> metas)
    {
        stdout.Write("BLOCK ULID\tMIN TIME\tMAX TIME\tDURATION\tNUM SAMPLES\tNUM CHUNKS\tNUM SERIES\n");
        foreach (var m in metas)
        {
            stdout.Write(string.Create(CultureInfo.InvariantCulture,
                $"{m.Ulid}\t{m.MinTime}\t{m.MaxTime}\t{PromDuration.Format(TimeSpan.FromMilliseconds(m.MaxTime - m.MinTime))}\t{m.Stats.NumSamples}\t{m.Stats.NumChunks}\t{m.Stats.NumSeries}\n"));
        }
    }
}
