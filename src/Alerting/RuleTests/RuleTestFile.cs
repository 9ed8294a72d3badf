using System.Globalization;
using Tsdb.Config;

namespace Tsdb.Alerting.RuleTests;

/// <summary>A promtool unit-test file (cmd/promtool/unittest.go unitTestFile), read strictly.</summary>
internal sealed record RuleTestFile(
    IReadOnlyList<string> RuleFiles,
    TimeSpan EvaluationInterval,
    IReadOnlyList<string> GroupEvalOrder,
    bool FuzzyCompare,
    IReadOnlyList<RuleTestGroup> Tests)
{
    public static RuleTestFile Parse(string text)
    {
        var m = YamlConfig.Load(text, "main.unitTestFile");
        var ruleFiles = m.StringList("rule_files");
        var interval = m.Duration("evaluation_interval") ?? TimeSpan.Zero;
        var order = m.StringList("group_eval_order");
        var fuzzy = m.Bool("fuzzy_compare") ?? false;
        var tests = m.MapList("tests", "main.testGroup").Select(RuleTestGroup.Parse).ToList();
        m.RejectUnknown();
        return new RuleTestFile(ruleFiles, interval == TimeSpan.Zero ? TimeSpan.FromMinutes(1) : interval, order, fuzzy, tests);
    }
}

internal sealed record InputSeries(string Series, string Values);

internal sealed record ExpAlert(IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<KeyValuePair<string, string>> Annotations);

internal sealed record AlertTestCase(TimeSpan EvalTime, string Alertname, IReadOnlyList<ExpAlert> ExpAlerts);

internal sealed record ExpSample(string Labels, double Value);

internal sealed record PromqlTestCase(string Expr, TimeSpan EvalTime, IReadOnlyList<ExpSample> ExpSamples);

internal sealed record RuleTestGroup(
    TimeSpan Interval,
    string Name,
    DateTime Start,
    IReadOnlyList<KeyValuePair<string, string>> ExternalLabels,
    string ExternalUrl,
    IReadOnlyList<InputSeries> InputSeries,
    IReadOnlyList<AlertTestCase> AlertTests,
    IReadOnlyList<PromqlTestCase> PromqlTests)
{
    public static RuleTestGroup Parse(YamlMap m)
    {
        var interval = m.Duration("interval") ?? TimeSpan.Zero;
        var name = m.String("name") ?? "";
        var start = ParseStart(m);
        var ext = m.StringMap("external_labels");
        var url = m.String("external_url") ?? "";
        var input = m.MapList("input_series", "main.series").Select(s =>
        {
            var r = new InputSeries(s.String("series") ?? "", s.String("values") ?? "");
            s.RejectUnknown();
            return r;
        }).ToList();
        var alerts = m.MapList("alert_rule_test", "main.alertTestCase").Select(a =>
        {
            var exp = a.MapList("exp_alerts", "main.alert").Select(e =>
            {
                var r = new ExpAlert(e.StringMap("exp_labels"), e.StringMap("exp_annotations"));
                e.RejectUnknown();
                return r;
            }).ToList();
            var r = new AlertTestCase(a.Duration("eval_time") ?? TimeSpan.Zero, a.String("alertname") ?? "", exp);
            a.RejectUnknown();
            return r;
        }).ToList();
        var promql = m.MapList("promql_expr_test", "main.promqlTestCase").Select(p =>
        {
            var exp = p.MapList("exp_samples", "main.sample").Select(e =>
            {
                var r = new ExpSample(e.String("labels") ?? "", e.Double("value") ?? 0);
                e.RejectUnknown();
                return r;
            }).ToList();
            var r = new PromqlTestCase(p.String("expr") ?? "", p.Duration("eval_time") ?? TimeSpan.Zero, exp);
            p.RejectUnknown();
            return r;
        }).ToList();
        m.RejectUnknown();
        return new RuleTestGroup(interval, name, start, ext, url, input, alerts, promql);
    }

    /// <summary><c>start_timestamp</c>: Unix seconds or RFC 3339; default the epoch.</summary>
    private static DateTime ParseStart(YamlMap m)
    {
        var s = m.String("start_timestamp");
        if (s is null)
        {
            return DateTime.UnixEpoch;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs))
        {
            return DateTime.UnixEpoch.AddMilliseconds(Math.Round(secs * 1000));
        }

        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
        {
            return dto.UtcDateTime;
        }

        throw m.Error("start_timestamp", $"cannot parse \"{s}\" as a timestamp");
    }

    /// <summary>The last eval_time of all alert and PromQL tests (unittest.go maxEvalTime).</summary>
    public TimeSpan MaxEvalTime()
    {
        var max = TimeSpan.Zero;
        foreach (var a in AlertTests)
        {
            max = a.EvalTime > max ? a.EvalTime : max;
        }

        foreach (var p in PromqlTests)
        {
            max = p.EvalTime > max ? p.EvalTime : max;
        }

        return max;
    }
}
