using System.Diagnostics;
using System.Runtime.CompilerServices;
using Tsdb.Alerting.RuleTests;

namespace Tsdb.Alerting.Tests.RuleTests;

public sealed class TestRulesCommandTests
{
    private const string Promtool = "/usr/bin/promtool";

    public static TheoryData<string> PassingFiles => ["test.yml", "recording_test.yml"];

    private static string TestData([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "testdata");

    private static (int Code, string Out, string Err) RunOurs(string file)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = TestRulesCommand.Run([Path.Combine(TestData(), file)], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [MemberData(nameof(PassingFiles))]
    public void Passing_file_succeeds(string file)
    {
        var (code, output, err) = RunOurs(file);
        Assert.True(code == 0, output + err);
        Assert.Equal($"Unit Testing:  {Path.Combine(TestData(), file)}\n  SUCCESS\n\n", output);
    }

    [Fact]
    public void Failing_file_reports_promtool_style_failures()
    {
        var (code, _, err) = RunOurs("failing_test.yml");
        Assert.Equal(1, code);
        Assert.Equal("""
              FAILED:
                alertname: InstanceDown, time: 10m, 
                    exp:[], 
                    got:[
                        0:
                          Labels:{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}
                          Annotations:{description="localhost:9090 of job prometheus has been down for more than 5 minutes.", summary="Instance localhost:9090 down"}
                        ]
                expr: "up", time: 2m,
                    exp: {__name__="up", instance="localhost:9090", job="prometheus"} 1E+00
                    got: {__name__="up", instance="localhost:9090", job="prometheus"} 0E+00

            """, err);
    }

    [Fact]
    public void Rule_evaluation_error_is_reported()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-ruletest-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "r.yml"), "groups: [{name: g, rules: [{record: r, expr: 'label_replace(m, \"a\", \"x\", \"\", \"\")'}]}]\n");
            File.WriteAllText(Path.Combine(dir, "t.yml"), """
                rule_files: [r.yml]
                tests:
                  - input_series:
                      - {series: 'm{a="1"}', values: '1'}
                      - {series: 'm{a="2"}', values: '1'}
                      - {series: 'n', values: '1'}
                    promql_expr_test:
                      - {expr: r, eval_time: 0m, exp_samples: []}
                """);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(1, TestRulesCommand.Run([Path.Combine(dir, "t.yml")], stdout, stderr));
            Assert.Contains("    rule: r, time: 0s, err: ", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [MemberData(nameof(PassingFiles))]
    public void Real_promtool_passes_the_same_files(string file)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install it with `apt-get install -y prometheus` (Debian package prometheus)");
        var psi = new ProcessStartInfo(Promtool, ["test", "rules", Path.Combine(TestData(), file)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, output);
    }

    [Fact]
    public void Real_promtool_fails_the_failing_file_like_ours()
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install it with `apt-get install -y prometheus` (Debian package prometheus)");
        var psi = new ProcessStartInfo(Promtool, ["test", "rules", Path.Combine(TestData(), "failing_test.yml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var theirs = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Equal(theirs, RunOurs("failing_test.yml").Err);
    }
}
