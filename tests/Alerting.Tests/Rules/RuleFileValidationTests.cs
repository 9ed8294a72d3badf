using Tsdb.Alerting.Rules;

namespace Tsdb.Alerting.Tests.Rules;

public sealed class RuleFileValidationTests
{
    private static IReadOnlyList<RuleFileError> Errors(string yaml)
    {
        var (file, errors) = RuleFileParser.Parse(yaml, "rules.yml");
        Assert.Null(file);
        return errors;
    }

    [Fact]
    public void Valid_file_parses()
    {
        var (file, errors) = RuleFileParser.Parse("""
            groups:
              - name: g
                interval: 30s
                limit: 10
                query_offset: 1m
                labels: {team: a}
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: Down
                    expr: up == 0
                    for: 5m
                    keep_firing_for: 1m
                    labels: {severity: page}
                    annotations: {summary: "{{ $labels.job }} down"}
            """, "rules.yml");
        Assert.Empty(errors);
        Assert.NotNull(file);
        var g = Assert.Single(file.Groups);
        Assert.Equal(TimeSpan.FromSeconds(30), g.Interval);
        Assert.Equal(2, file.RuleCount);
        Assert.Equal(TimeSpan.FromMinutes(5), g.Rules[1].For);
    }

    [Fact]
    public void Empty_file_has_no_groups()
    {
        var (file, errors) = RuleFileParser.Parse("", "rules.yml");
        Assert.Empty(errors);
        Assert.Empty(file!.Groups);
    }

    [Fact]
    public void All_errors_of_a_file_are_collected_with_lines()
    {
        var errors = Errors("""
            groups:
              - name: g
                rules:
                  - record: a
                    alert: b
                    expr: up
                  - expr: up
                  - record: c
                  - record: d
                    expr: 'sum(('
                  - record: e
                    expr: up
                    for: 5m
                    annotations: {a: b}
                    keep_firing_for: 1m
                  - record: 'f{x="y"}'
                    expr: up
                  - alert: G
                    expr: up
                    labels: {__name__: x}
              - name: g
                rules: []
            """);
        var text = errors.Select(e => e.ToString()).ToList();
        Assert.Contains("rules.yml: 4:17: group \"g\", rule 1, \"a\": only one of 'record' and 'alert' must be set", text);
        Assert.Contains("rules.yml: line 7: group \"g\", rule 2, \"\": one of 'record' or 'alert' must be set", text);
        Assert.Contains("rules.yml: 8:17: group \"g\", rule 3, \"c\": field 'expr' must be set in rule", text);
        Assert.Contains(text, t => t.StartsWith("rules.yml: 10:15: group \"g\", rule 4, \"d\": could not parse expression: ", StringComparison.Ordinal));
        Assert.Contains("rules.yml: 11:17: group \"g\", rule 5, \"e\": invalid field 'for' in recording rule", text);
        Assert.Contains("rules.yml: 11:17: group \"g\", rule 5, \"e\": invalid field 'annotations' in recording rule", text);
        Assert.Contains("rules.yml: 11:17: group \"g\", rule 5, \"e\": invalid field 'keep_firing_for' in recording rule", text);
        Assert.Contains("rules.yml: 16:17: group \"g\", rule 6, \"f{x=\"y\"}\": braces present in the recording rule name; should it be in expr?: f{x=\"y\"}", text);
        Assert.Contains("rules.yml: 18:16: group \"g\", rule 7, \"G\": invalid label name: __name__", text);
        Assert.Contains("rules.yml: 21:5: groupname: \"g\" is repeated in the same file", text);
        Assert.Equal(10, errors.Count);
    }

    [Fact]
    public void Unknown_field_is_rejected()
    {
        var e = Assert.Single(Errors("""
            groups:
              - name: g
                rules:
                  - record: a
                    expr: up
                    lables: {x: y}
            """));
        Assert.Equal("rules.yml: line 6: group \"g\", rule 1, \"a\": field lables not found in type rulefmt.Rule", e.ToString());
    }

    [Fact]
    public void Unknown_top_level_and_group_fields_are_rejected()
    {
        Assert.Equal("field foo not found in type rulefmt.RuleGroups", Assert.Single(Errors("foo: 1\ngroups: []\n")).Message);
        Assert.Equal("field bar not found in type rulefmt.RuleGroup", Assert.Single(Errors("groups:\n  - name: g\n    bar: 1\n")).Message);
    }

    [Fact]
    public void Bad_yaml_and_bad_duration_are_errors()
    {
        Assert.StartsWith("yaml: ", Assert.Single(Errors("groups: [\n")).Message, StringComparison.Ordinal);
        Assert.Equal("not a valid duration string: \"5x\"",
            Assert.Single(Errors("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        for: 5x\n")).Message);
    }

    [Fact]
    public void Unclosed_template_is_an_error()
    {
        var e = Assert.Single(Errors("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        annotations: {s: '{{ $labels.x '}\n"));
        Assert.StartsWith("annotation \"s\": ", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, e.Line);
        Assert.Equal(16, e.Column);
    }

    [Fact]
    public void Check_rules_prints_promtool_output()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-check-rules-").FullName;
        try
        {
            var good = Path.Combine(dir, "good.yml");
            var bad = Path.Combine(dir, "bad.yml");
            File.WriteAllText(good, "groups: [{name: g, rules: [{record: a, expr: up}, {alert: B, expr: up == 0}]}]\n");
            File.WriteAllText(bad, "groups:\n  - name: g\n    rules:\n      - record: a\n");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(0, CheckRulesCommand.Run([good], stdout, stderr));
            Assert.Equal($"Checking {good}\n  SUCCESS: 2 rules found\n\n", stdout.ToString());
            stdout = new StringWriter();
            Assert.Equal(1, CheckRulesCommand.Run([good, bad], stdout, stderr));
            Assert.Equal($"Checking {good}\n  SUCCESS: 2 rules found\n\nChecking {bad}\n\n", stdout.ToString());
            Assert.Equal($"  FAILED:\n{bad}: 4:17: group \"g\", rule 1, \"a\": field 'expr' must be set in rule\n", stderr.ToString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Check_rules_errors_match_real_promtool()
    {
        const string promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), $"{promtool} is missing: install it with `apt-get install -y prometheus` (Debian package prometheus)");
        var dir = Directory.CreateTempSubdirectory("tsdb-check-rules-").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.yml");
            File.WriteAllText(bad, "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: up\n        for: 5m\n      - alert: B\n        expr: sum((\n");
            var psi = new System.Diagnostics.ProcessStartInfo(promtool, ["check", "rules", bad]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var theirs = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var stderr = new StringWriter();
            Assert.Equal(p.ExitCode, CheckRulesCommand.Run([bad], new StringWriter(), stderr));
            Assert.Equal(theirs, stderr.ToString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
