using Tsdb.PromQL.PromqlTest;
using Tsdb.PromQL.Tests.PromqlTest;
using Xunit.Abstractions;

namespace Tsdb.PromQL.Tests.Engine;

/// <summary>
/// Runs every shared conformance script (Prometheus's own engine tests) through the engine. No case may fail;
/// the only skips allowed are cases that read native histograms (the runner's rule), and the per-file pass
/// counts may not drop, so a case cannot quietly move from passing to skipped.
/// </summary>
public sealed class PromqlConformanceTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, int> MinimumPassed = new(StringComparer.Ordinal)
    {
        ["aggregators.test"] = 125,
        ["functions.test"] = 323,
        ["histograms.test"] = 93,
        ["literals.test"] = 25,
        ["name_label_dropping.test"] = 30,
        ["operators.test"] = 142,
        ["range_queries.test"] = 16,
        ["selectors.test"] = 31,
        ["staleness.test"] = 17,
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void ConformanceFile(string name)
    {
        var runner = new PromqlTestRunner(DefaultEngine.Create()!, DefaultEngine.SelectorsOf);
        var results = runner.RunFile(Path.Combine(ConformanceFiles.Directory, name));
        var summary = PromqlTestSummary.Of(results);
        output.WriteLine($"{name}: {summary}");
        var failures = new List<string>();
        foreach (var r in results)
        {
            if (r.Outcome == PromqlTestOutcome.Failed)
            {
                failures.Add($"{r.Location} {r.Query}: {r.Reason}\n  expected: {r.Expected}\n  actual:   {r.Actual}");
            }
            else if (r.Outcome == PromqlTestOutcome.Skipped && r.Reason?.Contains("histogram", StringComparison.OrdinalIgnoreCase) != true)
            {
                failures.Add($"{r.Location} {r.Query}: skipped for a reason other than native histograms: {r.Reason}");
            }
        }

        foreach (var f in failures.Take(40))
        {
            output.WriteLine(f);
        }

        Assert.True(failures.Count == 0, $"{name}: {summary}\n{string.Join("\n", failures.Take(10))}");
        Assert.True(summary.Passed >= MinimumPassed[name], $"{name}: {summary} (at least {MinimumPassed[name]} passed before)");
    }

    public static TheoryData<string> Files => ConformanceFiles.Names;
}
