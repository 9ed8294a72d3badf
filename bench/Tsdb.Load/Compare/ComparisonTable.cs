using System.Globalization;
using Tsdb.Load.Report;
using static Tsdb.Load.Report.Invariant;

namespace Tsdb.Load.Compare;

/// <summary>
/// Medians over the repeats of every figure, per workload and system, with the ratios tsdb/Prometheus
/// and tsdb/VictoriaMetrics and whether the issue's target is met. Written as Markdown so that the
/// output can go into docs/performance.md unchanged.
/// </summary>
internal static class ComparisonTable
{
    private const string Tsdb = "tsdb";
    private const string Prometheus = "prometheus";
    private const string Victoria = "victoriametrics";

    private enum Better
    {
        Higher,
        Lower,
    }

    private enum Target
    {
        // Ingest: faster than both peers.
        BeatBoth,

        // Disk and memory: below Prometheus.
        BelowPrometheus,

        // Query latency: at or below Prometheus.
        AtMostPrometheus,
    }

    private sealed record Row(string Name, Better Better, Target Target, Func<RunMeasurement, double?> Value, string Format);

    public static void Write(TextWriter output, IReadOnlyList<RunMeasurement> runs)
    {
        foreach (var workload in runs.Select(r => r.Workload).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var inWorkload = runs.Where(r => r.Workload == workload).ToList();
            WriteWorkload(output, workload, inWorkload);
        }
    }

    private static void WriteWorkload(TextWriter output, string workload, List<RunMeasurement> runs)
    {
        var shape = runs.Select(r => (r.PerSamplePush ?? r.Queries)?.Workload).FirstOrDefault(w => w is not null);
        var repeats = runs.Select(r => r.Repeat).Distinct().Count();
        output.WriteLine(shape is null
            ? Inv($"### Workload {workload}")
            : Inv($"### Workload {workload}: {shape.Series:N0} series x {shape.SamplesPerSeries} samples ({shape.TotalSamples:N0} samples, {shape.Instances} instances), medians of {repeats} repeat(s)"));
        output.WriteLine();
        output.WriteLine("| | tsdb | Prometheus | VictoriaMetrics | tsdb/Prometheus | tsdb/VictoriaMetrics | target |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in RowsFor(runs))
        {
            var tsdb = MedianOf(runs, Tsdb, row.Value);
            var prom = MedianOf(runs, Prometheus, row.Value);
            var vm = MedianOf(runs, Victoria, row.Value);
            output.WriteLine(Inv($"| {row.Name} | {Show(tsdb, row.Format)} | {Show(prom, row.Format)} | {Show(vm, row.Format)} | {Ratio(tsdb, prom)} | {Ratio(tsdb, vm)} | {Verdict(row, tsdb, prom, vm)} |"));
        }

        output.WriteLine();
        WriteAnswerShapes(output, runs);
    }

    private static IEnumerable<Row> RowsFor(List<RunMeasurement> runs)
    {
        yield return new Row("ingest, one entry per sample (samples/s)", Better.Higher, Target.BeatBoth, r => PushRate(r.PerSamplePush), "N0");
        if (runs.Any(r => r.PerSeriesPush is not null))
        {
            yield return new Row("ingest, many samples per entry (samples/s)", Better.Higher, Target.BeatBoth, r => PushRate(r.PerSeriesPush), "N0");
        }

        yield return new Row("peak RSS (MiB)", Better.Lower, Target.BelowPrometheus, r => r.RssPeakBytes < 0 ? null : r.RssPeakBytes / 1048576.0, "N0");
        yield return new Row("RSS per active series (bytes; 10 s after the queries, minus idle)", Better.Lower, Target.BelowPrometheus, RssPerSeries, "N0");
        yield return new Row("disk bytes per sample (head persisted / flushed)", Better.Lower, Target.BelowPrometheus, BytesPerSample, "F2");
        var names = runs.SelectMany(r => r.Queries?.Queries ?? []).Select(q => (q.Name, q.Kind)).Distinct().ToList();
        foreach (var (name, kind) in names)
        {
            yield return new Row($"{kind} `{name}` median (ms)", Better.Lower, Target.AtMostPrometheus, r => QueryMedian(r, name, kind), "F1");
        }
    }

    private static double? PushRate(RunReport? report) =>
        report?.Push is { Completed: true, Non2xx: 0, TransportErrors: 0 } push ? push.SamplesPerSecond : null;

    private static double? RssPerSeries(RunMeasurement r)
    {
        var series = (r.PerSamplePush ?? r.Queries)?.Workload.Series;
        return series is > 0 && r.RssAfterBytes >= 0 && r.RssIdleBytes >= 0 ? (r.RssAfterBytes - r.RssIdleBytes) / (double)series : null;
    }

    private static double? BytesPerSample(RunMeasurement r)
    {
        var samples = r.PerSamplePush?.Push?.SamplesAccepted;
        return samples is > 0 && r.DiskBytes > 0 ? r.DiskBytes / (double)samples : null;
    }

    private static double? QueryMedian(RunMeasurement r, string name, string kind) =>
        r.Queries?.Queries?.FirstOrDefault(q => q.Name == name && q.Kind == kind) is { Errors: 0 } q ? q.MedianMs : null;

    private static double? MedianOf(List<RunMeasurement> runs, string system, Func<RunMeasurement, double?> value)
    {
        var values = runs.Where(r => r.System == system).Select(value).OfType<double>().ToList();
        return values.Count == 0 ? null : Percentiles.Median(values);
    }

    private static string Show(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double? tsdb, double? other) =>
        tsdb is { } t && other is { } o && o != 0 ? (t / o).ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string Verdict(Row row, double? tsdb, double? prom, double? vm)
    {
        if (tsdb is not { } t)
        {
            return "no tsdb figure";
        }

        bool? met = row.Target switch
        {
            Target.BeatBoth => prom is { } p && vm is { } v ? t > p && t > v : null,
            Target.BelowPrometheus => prom is { } p ? t < p : null,
            Target.AtMostPrometheus => prom is { } p ? t <= p : null,
            _ => null,
        };
        return met switch
        {
            true => "met",
            false => "**missed**",
            null => "no peer figure",
        };
    }

    // The series count of each answer (last repeat) side by side: a timing is only comparable when
    // the systems returned the same thing.
    private static void WriteAnswerShapes(TextWriter output, List<RunMeasurement> runs)
    {
        var latest = runs.GroupBy(r => r.System).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Repeat).Last().Queries?.Queries ?? [], StringComparer.Ordinal);
        var differing = new List<string>();
        foreach (var q in latest.Values.SelectMany(l => l).Select(q => (q.Name, q.Kind)).Distinct())
        {
            var shapes = latest.Select(p => (System: p.Key, Answer: p.Value.FirstOrDefault(x => x.Name == q.Name && x.Kind == q.Kind)))
                .Where(p => p.Answer is not null)
                .Select(p => $"{p.System} {p.Answer!.Series} series/{p.Answer.Points} points")
                .ToList();
            var distinctSeries = latest.Values.Select(l => l.FirstOrDefault(x => x.Name == q.Name && x.Kind == q.Kind)?.Series).OfType<int>().Distinct().Count();
            if (distinctSeries > 1)
            {
                differing.Add($"{q.Kind} {q.Name}: {string.Join(", ", shapes)}");
            }
        }

        output.WriteLine(differing.Count == 0
            ? "Every query returned the same number of series from every system."
            : "Answers that differ in series count (compare their timings with care): " + string.Join("; ", differing) + ".");
        output.WriteLine();

        // A missing figure is a query that failed; say why (often a system's own limit on samples or series).
        foreach (var (system, answers) in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var q in answers.Where(q => q.Errors > 0))
            {
                var reason = q.Error is { Length: > 160 } e ? e[..160] + "..." : q.Error;
                output.WriteLine($"- {system} `{q.Name}` failed {q.Errors} of {q.Runs} run(s): {reason}");
            }
        }

        output.WriteLine();
    }
}
