using System.Globalization;
using System.Text;
using Tsdb.Alerting.Notify;
using Tsdb.Alerting.Rules;
using Tsdb.Config;
using Tsdb.PromQL;
using Tsdb.PromQL.PromqlTest;
using PromDuration = Tsdb.Config.PromDuration;
using Tsdb.Storage;

namespace Tsdb.Alerting.RuleTests;

/// <summary>
/// Runs one test group of a promtool unit-test file (cmd/promtool/unittest.go testGroup.test):
/// input series into a temporary Db, every group evaluated at each evaluation interval from the
/// start up to the last eval_time, firing alerts compared at each alert test's time, PromQL
/// expressions checked at the end. Returns the failure texts, empty when the test passed.
/// </summary>
internal static class RuleTestRunner
{
    public static async Task<List<string>> RunAsync(RuleTestFile file, RuleTestGroup tg, IReadOnlyList<string> ruleFiles)
    {
        var errs = new List<string>();
        var interval = tg.Interval == TimeSpan.Zero ? file.EvaluationInterval : tg.Interval;
        var dir = Path.Combine(Path.GetTempPath(), "tsdb-test-rules-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var db = Db.Open(dir, new DbOptions { BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(365 * 100) });
            if (LoadSeries(db, tg, interval) is { } loadError)
            {
                return [loadError];
            }

            var engine = new PromQLEngine(EngineOptions.Default with { DefaultSubqueryStep = (long)file.EvaluationInterval.TotalMilliseconds });
            var extLabels = Labels.FromUnsorted(tg.ExternalLabels.Select(p => new Label(p.Key, p.Value)));
            var options = new RuleManagerOptions { RunSchedules = false, ExternalLabels = extLabels, ExternalUrl = tg.ExternalUrl };
            using var manager = new RuleManager(db, engine, NullSink.Instance, options);
            try
            {
                await manager.UpdateAsync(ruleFiles, interval, extLabels, tg.ExternalUrl).ConfigureAwait(false);
            }
            catch (ConfigException e)
            {
                return [.. e.Message.Split('\n')];
            }

            manager.SkipRestore();
            await EvaluateAsync(file, tg, manager, errs).ConfigureAwait(false);
            if (errs.Count > 0 && errs[^1].StartsWith("    rule: ", StringComparison.Ordinal))
            {
                return errs;
            }

            CheckPromql(file, tg, db, engine, errs);
            return errs;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? LoadSeries(Db db, RuleTestGroup tg, TimeSpan interval)
    {
        var app = db.Appender();
        var start = RuleEvalContext.ToMs(tg.Start);
        foreach (var s in tg.InputSeries)
        {
            SeriesDescription desc;
            try
            {
                desc = SeriesDescriptionParser.Parse(s.Series + " " + s.Values);
            }
            catch (FormatException e)
            {
                return $"    series: {s.Series}: {e.Message}";
            }

            for (var i = 0; i < desc.Values.Count; i++)
            {
                var v = desc.Values[i];
                if (v.IsHistogram)
                {
                    return $"    series: {s.Series}: native histograms are not supported";
                }

                if (v.IsFloat)
                {
                    app.Append(0, desc.Metric, start + i * (long)interval.TotalMilliseconds, v.Value);
                }
            }
        }

        var r = app.Commit();
        return r.Rejected > 0 ? "    input_series: " + r.Describe() : null;
    }

    private static async Task EvaluateAsync(RuleTestFile file, RuleTestGroup tg, RuleManager manager, List<string> errs)
    {
        foreach (var a in tg.AlertTests)
        {
            if (a.Alertname.Length == 0)
            {
                var name = tg.Name.Length > 0 ? $" (in TestGroup {tg.Name})" : "";
                errs.Add($"an item under alert_rule_test misses required attribute alertname at eval_time {PromDuration.Format(a.EvalTime)}{name}");
                return;
            }
        }

        var times = tg.AlertTests.Select(a => a.EvalTime).Distinct().Order().ToList();
        var byTime = tg.AlertTests.GroupBy(a => a.EvalTime).ToDictionary(g => g.Key, g => g.ToList());
        var step = file.EvaluationInterval;
        var maxt = tg.Start + tg.MaxEvalTime();
        var curr = 0;
        for (var ts = tg.Start; ts <= maxt; ts += step)
        {
            await manager.EvaluateAllAsync(ts, file.GroupEvalOrder).ConfigureAwait(false);
            var evalErrs = new List<string>();
            foreach (var g in manager.RuleGroups)
            {
                foreach (var r in g.Rules)
                {
                    if (r.Health == RuleHealth.Err && r.LastError is not null)
                    {
                        evalErrs.Add($"    rule: {r.Name}, time: {PromDuration.Format(ts - tg.Start)}, err: {r.LastError}");
                    }
                }
            }

            if (evalErrs.Count > 0)
            {
                errs.AddRange(evalErrs);
                return;
            }

            var offset = ts - tg.Start;
            while (curr < times.Count && offset <= times[curr] && times[curr] < offset + step)
            {
                foreach (var tc in byTime[times[curr]])
                {
                    CheckAlerts(tg, manager, tc, errs);
                }

                curr++;
            }
        }
    }

    private static void CheckAlerts(RuleTestGroup tg, RuleManager manager, AlertTestCase tc, List<string> errs)
    {
        var got = new List<(Labels Labels, Labels Annotations)>();
        foreach (var g in manager.RuleGroups)
        {
            foreach (var r in g.Rules)
            {
                if (r is AlertingRule ar && ar.Name == tc.Alertname)
                {
                    foreach (var a in ar.Active.Values)
                    {
                        if (a.State == AlertState.Firing)
                        {
                            got.Add((a.Labels, a.Annotations));
                        }
                    }
                }
            }
        }

        var exp = new List<(Labels Labels, Labels Annotations)>();
        foreach (var e in tc.ExpAlerts)
        {
            var labels = e.Labels.Where(p => p.Key != AlertingRule.AlertNameLabel).Select(p => new Label(p.Key, p.Value))
                .Append(new Label(AlertingRule.AlertNameLabel, tc.Alertname));
            exp.Add((Labels.FromUnsorted(labels), Labels.FromUnsorted(e.Annotations.Select(p => new Label(p.Key, p.Value)))));
        }

        got.Sort(Compare);
        exp.Sort(Compare);
        if (got.Count == exp.Count && got.Zip(exp).All(p => p.First.Labels.Equals(p.Second.Labels) && p.First.Annotations.Equals(p.Second.Annotations)))
        {
            return;
        }

        var testName = tg.Name.Length > 0 ? $"    name: {tg.Name},\n" : "";
        errs.Add($"{testName}    alertname: {tc.Alertname}, time: {PromDuration.Format(tc.EvalTime)}, \n        exp:{Indent(Describe(exp), "            ")}, \n        got:{Indent(Describe(got), "            ")}");
    }

    private static void CheckPromql(RuleTestFile file, RuleTestGroup tg, Db db, PromQLEngine engine, List<string> errs)
    {
        foreach (var tc in tg.PromqlTests)
        {
            var prefix = $"    expr: {GoQuote(tc.Expr)}, time: {PromDuration.Format(tc.EvalTime)}";
            List<(Labels Labels, double Value)> got;
            try
            {
                var r = engine.Instant((a, b) => db.Querier(a, b), tc.Expr, RuleEvalContext.ToMs(tg.Start + tc.EvalTime));
                got = r.Value switch
                {
                    VectorValue v => v.Samples.Select(s => (s.Metric, s.V)).ToList(),
                    ScalarValue s => [(Labels.Empty, s.V)],
                    _ => throw new PromQLException(PromQLErrorType.Execution, "rule result is not a vector or scalar"),
                };
            }
            catch (PromQLException e)
            {
                errs.Add($"{prefix}, err: {e.Message}");
                continue;
            }

            var exp = new List<(Labels Labels, double Value)>();
            string? bad = null;
            foreach (var s in tc.ExpSamples)
            {
                try
                {
                    var labels = s.Labels.Trim().Length == 0 ? Labels.Empty : SeriesDescriptionParser.ParseMetric(s.Labels.Trim());
                    exp.Add((labels, s.Value));
                }
                catch (FormatException e)
                {
                    bad = $"{prefix}, err: labels {GoQuote(s.Labels)}: {e.Message}";
                    break;
                }
            }

            if (bad is not null)
            {
                errs.Add(bad);
                continue;
            }

            exp.Sort((a, b) => a.Labels.CompareTo(b.Labels));
            got.Sort((a, b) => a.Labels.CompareTo(b.Labels));
            var equal = exp.Count == got.Count && exp.Zip(got).All(p => p.First.Labels.Equals(p.Second.Labels) && SameValue(p.First.Value, p.Second.Value, file.FuzzyCompare));
            if (!equal)
            {
                errs.Add($"{prefix},\n        exp: {SamplesString(exp)}\n        got: {SamplesString(got)}");
            }
        }
    }

    private static bool SameValue(double a, double b, bool fuzzy)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b);
        }

        if (a == b)
        {
            return true;
        }

        return fuzzy && Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    private static int Compare((Labels Labels, Labels Annotations) a, (Labels Labels, Labels Annotations) b)
    {
        var c = a.Labels.CompareTo(b.Labels);
        return c != 0 ? c : a.Annotations.CompareTo(b.Annotations);
    }

    private static string Describe(List<(Labels Labels, Labels Annotations)> list)
    {
        if (list.Count == 0)
        {
            return "[]";
        }

        var sb = new StringBuilder("[\n");
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(",\n");
            }

            sb.Append(i.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(Indent($"\nLabels:{list[i].Labels}\nAnnotations:{list[i].Annotations}", "  "));
        }

        return sb.Append("\n]").ToString();
    }

    private static string SamplesString(List<(Labels Labels, double Value)> list) =>
        list.Count == 0 ? "nil" : string.Join(", ", list.Select(s => $"{s.Labels} {GoFloat.FormatE(s.Value).ToUpperInvariant().Replace("INF", "Inf", StringComparison.Ordinal).Replace("NAN", "NaN", StringComparison.Ordinal)}"));

    /// <summary>unittest.go indentLines: every line after the first gets <paramref name="indent"/>.</summary>
    private static string Indent(string text, string indent) => text.Replace("\n", "\n" + indent, StringComparison.Ordinal);

    private static string GoQuote(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private sealed class NullSink : IAlertSink
    {
        public static readonly NullSink Instance = new();

        public void Send(IReadOnlyList<NotifierAlert> alerts)
        {
        }
    }
}
