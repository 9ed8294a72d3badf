using System.Globalization;
using System.Text.Json;
using Tsdb.Load.Report;

namespace Tsdb.Load.Compare;

/// <summary>
/// Everything <c>bench/compare.sh</c> measured for one system in one repeat of one workload: the load
/// tool's own reports plus what the script read from /proc and the disk (<c>measure.txt</c>).
/// </summary>
internal sealed record RunMeasurement(
    string System,
    string Workload,
    int Repeat,
    long RssIdleBytes,
    long RssAfterBytes,
    long RssPeakBytes,
    long DiskBytes,
    RunReport? PerSamplePush,
    RunReport? PerSeriesPush,
    RunReport? Queries)
{
    public const string MeasureFile = "measure.txt";

    /// <summary>Reads one run directory; returns null (with the reason) when it is incomplete.</summary>
    public static RunMeasurement? Load(string dir, out string? problem)
    {
        var measurePath = Path.Combine(dir, MeasureFile);
        if (!File.Exists(measurePath))
        {
            problem = $"{dir}: no {MeasureFile} (the run did not finish)";
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(measurePath))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }

        problem = null;
        return new RunMeasurement(
            Text(values, "system"),
            Text(values, "workload"),
            (int)Number(values, "repeat"),
            Number(values, "rss_idle_kb") * 1024,
            Number(values, "rss_after_kb") * 1024,
            Number(values, "rss_peak_kb") * 1024,
            Number(values, "disk_bytes"),
            ReadReport(Path.Combine(dir, "push.json")),
            ReadReport(Path.Combine(dir, "push-per-series.json")),
            ReadReport(Path.Combine(dir, "query.json")));
    }

    private static string Text(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{MeasureFile} has no {key}");

    // -1 marks a figure the script could not take (e.g. the snapshot failed); the table shows it as missing.
    private static long Number(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;

    private static RunReport? ReadReport(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), RunReportJsonContext.Default.RunReport) : null;
}
