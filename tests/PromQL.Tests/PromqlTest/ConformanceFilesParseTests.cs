using Tsdb.PromQL.PromqlTest;
using Xunit.Abstractions;

namespace Tsdb.PromQL.Tests.PromqlTest;

public sealed class ConformanceFilesParseTests(ITestOutputHelper output)
{
    [Fact]
    public void The_shared_folder_holds_the_nine_prometheus_scripts()
    {
        var names = ConformanceFiles.Paths.Select(Path.GetFileName).ToList();
        Assert.Equal(
            ["aggregators.test", "functions.test", "histograms.test", "literals.test", "name_label_dropping.test", "operators.test", "range_queries.test", "selectors.test", "staleness.test"],
            names);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_script_parses_without_unknown_syntax(string name)
    {
        var path = Path.Combine(ConformanceFiles.Directory, name);
        var script = PromqlTestScriptParser.ParseFile(path);

        var evals = script.Evals.ToList();
        Assert.NotEmpty(evals);

        // Every eval header line of the file became exactly one case.
        var headerLines = File.ReadAllLines(path).Count(l => l.TrimStart().StartsWith("eval", StringComparison.Ordinal));
        Assert.Equal(headerLines, evals.Count);

        var withHistogram = evals.Count(e => e.ExpectsHistogram);
        output.WriteLine($"{name}: {evals.Count} eval cases, {withHistogram} expect a {{{{...}}}} histogram, {script.Commands.OfType<LoadCommand>().Count()} loads");
    }

    public static TheoryData<string> Files => ConformanceFiles.Names;

    [Fact]
    public void Counts_per_file()
    {
        var totalEvals = 0;
        foreach (var path in ConformanceFiles.Paths)
        {
            var script = PromqlTestScriptParser.ParseFile(path);
            var evals = script.Evals.ToList();
            var loadsHistograms = script.Commands.OfType<LoadCommand>().Count(l => l.WithNhcb || l.Series.Any(s => s.HasHistogram));
            totalEvals += evals.Count;
            output.WriteLine(
                $"{Path.GetFileName(path)}: {evals.Count} evals ({evals.Count(e => e.IsRange)} range), "
                + $"{evals.Count(e => e.ExpectsHistogram)} with {{{{ in the expected result, "
                + $"{evals.Count(e => e.IsFail)} expect fail, {loadsHistograms} loads with histograms");
        }

        Assert.True(totalEvals > 1000, $"only {totalEvals} eval cases found");
    }
}
