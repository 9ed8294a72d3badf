using Tsdb.PromQL.PromqlTest;
using Tsdb.PromQL.Tests.PromqlTest;
using Xunit.Abstractions;

namespace Tsdb.PromQL.Tests.Engine;

/// <summary>
/// Runs every shared conformance script through the engine and reports per-file counts. A ratchet: each file must
/// pass at least what passed when this branch was committed (the Funcs bodies still throw in the engine branch;
/// the integrator tightens these after merging).
/// </summary>
public sealed class PromqlConformanceTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, int> MinimumPassed = new(StringComparer.Ordinal)
    {
        ["aggregators.test"] = 104,
        ["functions.test"] = 113,
        ["histograms.test"] = 14,
        ["literals.test"] = 25,
        ["name_label_dropping.test"] = 11,
        ["operators.test"] = 139,
        ["range_queries.test"] = 12,
        ["selectors.test"] = 14,
        ["staleness.test"] = 13,
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void ConformanceFile(string name)
    {
        var runner = new PromqlTestRunner(DefaultEngine.Create()!, DefaultEngine.SelectorsOf);
        var results = runner.RunFile(Path.Combine(ConformanceFiles.Directory, name));
        var summary = PromqlTestSummary.Of(results);
        output.WriteLine($"{name}: {summary}");
        var shown = 0;
        foreach (var r in results)
        {
            // Failures caused by the Funcs stubs are expected in the engine branch; show the others first.
            if (r.Outcome == PromqlTestOutcome.Failed && r.Reason?.Contains("NotImplementedException", StringComparison.Ordinal) != true &&
                shown++ < 40)
            {
                output.WriteLine($"  {r.Location} {r.Query}: {r.Reason}");
            }
        }

        Assert.True(summary.Passed >= MinimumPassed.GetValueOrDefault(name), $"{name}: {summary}");
    }

    public static TheoryData<string> Files => ConformanceFiles.Names;
}
