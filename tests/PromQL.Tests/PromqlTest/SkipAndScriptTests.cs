using Tsdb.PromQL.PromqlTest;
using Tsdb.Storage;
using Xunit.Abstractions;

namespace Tsdb.PromQL.Tests.PromqlTest;

public sealed class SkipAndScriptTests(ITestOutputHelper output)
{
    private const string HistogramSection =
        """
        load 5m
          http_requests_histogram{job="api"} {{schema:0 sum:1 count:1}}x5
          http_requests_total{job="api"} 0+10x5

        eval instant at 10m http_requests_histogram
          {job="api"} {{schema:0 sum:1 count:1}}

        eval instant at 10m histogram_count(http_requests_histogram)
          {job="api"} 1

        eval instant at 10m http_requests_total
          http_requests_total{job="api"} 20

        eval instant at 10m {job="api"}
          http_requests_total{job="api"} 20
        """;

    /// <summary>A stand-in for the parser: the matchers of the one selector each of these queries has.</summary>
    private static IReadOnlyList<IReadOnlyList<Matcher>> SelectorsOf(string query) => query switch
    {
        "http_requests_histogram" or "histogram_count(http_requests_histogram)" => [[Matcher.Equal(Label.MetricName, "http_requests_histogram")]],
        "http_requests_total" => [[Matcher.Equal(Label.MetricName, "http_requests_total")]],
        "{job=\"api\"}" => [[Matcher.Equal("job", "api")]],
        _ => throw new PromQLException(PromQLErrorType.BadData, "unknown query"),
    };

    private static FakeQueryEngine FloatEngine()
        => new FakeQueryEngine()
            .Vector("http_requests_total", (Labels.FromStrings("__name__", "http_requests_total", "job", "api"), 20))
            .Vector("{job=\"api\"}", (Labels.FromStrings("__name__", "http_requests_total", "job", "api"), 20));

    [Fact]
    public void With_selectors_only_histogram_reads_are_skipped()
    {
        var engine = FloatEngine();
        var results = new PromqlTestRunner(engine, SelectorsOf).RunScript(HistogramSection, "h.test");

        Assert.Collection(
            results,
            r =>
            {
                Assert.Equal(PromqlTestOutcome.Skipped, r.Outcome);
                Assert.Equal(5, r.Line);
                Assert.Contains("expected result holds a histogram", r.Reason, StringComparison.Ordinal);
            },
            r =>
            {
                Assert.Equal(PromqlTestOutcome.Skipped, r.Outcome);
                Assert.Contains("reads histogram series http_requests_histogram{job=\"api\"}", r.Reason, StringComparison.Ordinal);
            },
            r => Assert.Equal(PromqlTestOutcome.Passed, r.Outcome),

            // The selector {job="api"} also matches the histogram series, so this case reads histograms.
            r => Assert.Equal(PromqlTestOutcome.Skipped, r.Outcome));
        Assert.DoesNotContain(engine.Calls, c => c.Query.Contains("histogram", StringComparison.Ordinal));
        Assert.Equal("1 passed, 0 failed, 3 skipped", PromqlTestSummary.Of(results).ToString());
    }

    [Fact]
    public void Without_selectors_the_text_fallback_skips_queries_naming_a_histogram_metric()
    {
        var results = new PromqlTestRunner(FloatEngine()).RunScript(HistogramSection, "h.test");
        Assert.Equal(
            [PromqlTestOutcome.Skipped, PromqlTestOutcome.Skipped, PromqlTestOutcome.Passed, PromqlTestOutcome.Passed],
            results.Select(r => r.Outcome));
        Assert.Contains("text fallback", results[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_series_are_forgotten_after_clear()
    {
        var engine = new FakeQueryEngine().Vector("h");
        var results = new PromqlTestRunner(engine).RunScript("load 1m\n h {{count:1}}\n\neval instant at 0 h\n\nclear\n\neval instant at 0 h", "c.test");
        Assert.Equal([PromqlTestOutcome.Skipped, PromqlTestOutcome.Passed], results.Select(r => r.Outcome));
    }

    [Fact]
    public void A_float_query_whose_name_only_shares_a_prefix_is_not_skipped()
    {
        Assert.True(HistogramSkipRule_MentionsWord("rate(h[5m])", "h"));
        Assert.True(HistogramSkipRule_MentionsWord("{__name__=\"h\"}", "h"));
        Assert.False(HistogramSkipRule_MentionsWord("rate(h_total[5m])", "h"));
        Assert.False(HistogramSkipRule_MentionsWord("sum(hh)", "h"));
    }

    private static bool HistogramSkipRule_MentionsWord(string text, string word) => HistogramSkipRule.MentionsWord(text, word);

    [Fact]
    public void Unknown_syntax_fails_the_file_with_its_line()
    {
        var engine = new FakeQueryEngine().Vector("foo");
        var results = new PromqlTestRunner(engine).RunScript("eval instant at 0 foo\n\nfrobnicate 1\n\neval instant at 0 foo", "bad.test");
        var r = Assert.Single(results);
        Assert.Equal(PromqlTestOutcome.Failed, r.Outcome);
        Assert.Equal("bad.test:3", r.Location);
        Assert.Contains("parse error: invalid command \"frobnicate 1\"", r.Reason, StringComparison.Ordinal);
        Assert.Empty(engine.Calls);
    }

    [Fact]
    public void Rejected_load_samples_fail_with_the_load_line()
    {
        var engine = new FakeQueryEngine().Vector("foo");
        var results = new PromqlTestRunner(engine).RunScript("load 1m\n foo 1 2\n\nload 1m\n foo 5\n\neval instant at 0 foo", "l.test");
        Assert.Equal(2, results.Count);
        Assert.Equal(PromqlTestOutcome.Failed, results[0].Outcome);
        Assert.Equal(4, results[0].Line);
        Assert.StartsWith("load failed: ", results[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_engine_sees_the_loaded_data_through_the_querier()
    {
        var results = new PromqlTestRunner(new SelectorOnlyEngine()).RunScript(
            """
            load 1m
              foo{a="1"} 1 2 stale 4
              foo{a="2"} 10 _ _ _ _ _ _ 20

            eval instant at 1m foo
              foo{a="1"} 2
              foo{a="2"} 10

            eval instant at 2m foo
              foo{a="2"} 10

            eval range from 0 to 4m step 1m foo
              foo{a="1"} 1 2 _ 4 4
              foo{a="2"} 10x4

            eval instant at 7m foo
              foo{a="2"} 20
              foo{a="1"} 4
            """,
            "e.test");

        Assert.All(results, r => Assert.True(r.Outcome == PromqlTestOutcome.Passed, $"line {r.Line}: {r.Reason}\n{r.Actual}"));
        Assert.Equal(4, results.Count);
    }

    [Fact]
    public void The_command_prints_failures_and_the_summary()
    {
        var dir = Directory.CreateTempSubdirectory("promqltest");
        try
        {
            var file = Path.Combine(dir.FullName, "x.test");
            File.WriteAllText(file, "load 1m\n h {{count:1}}\n foo 1\n\neval instant at 0 foo\n  foo 1\n\neval instant at 0 foo\n  foo 2\n\neval instant at 0 h\n  h 1\n");
            var engine = new FakeQueryEngine().Vector("foo", (Labels.FromStrings("__name__", "foo"), 1));
            var writer = new StringWriter();

            var code = PromqlTestCommand.Run([file], engine, writer);

            Assert.Equal(1, code);
            var text = writer.ToString().ReplaceLineEndings("\n");
            Assert.Contains("FAIL x.test:8: eval instant at 0 foo\n  query:    foo\n  expected: foo{} 2\n  actual:   foo{} 1\n  reason:   ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("x.test:5", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SKIP", text, StringComparison.Ordinal);
            Assert.EndsWith("1 passed, 1 failed, 1 skipped\n", text, StringComparison.Ordinal);

            var verbose = new StringWriter();
            PromqlTestCommand.Run(["-v", file], engine, verbose);
            Assert.Contains("SKIP x.test:11: h", verbose.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_command_exit_codes()
    {
        var text = new StringWriter();
        Assert.Equal(2, PromqlTestCommand.Run(["x.test"], null, text));
        Assert.Equal("no PromQL engine available", text.ToString().Trim());

        text = new StringWriter();
        Assert.Equal(2, PromqlTestCommand.Run([], new FakeQueryEngine(), text));
        Assert.StartsWith("usage:", text.ToString(), StringComparison.Ordinal);

        text = new StringWriter();
        Assert.Equal(1, PromqlTestCommand.Run(["/nonexistent/dir/none.test"], new FakeQueryEngine(), text));
        Assert.Contains("cannot read file", text.ToString(), StringComparison.Ordinal);

        Assert.IsType<PromQLEngine>(DefaultEngine.Create());
    }

    [Fact]
    public void Conformance_scripts_skip_counts_with_the_text_fallback()
    {
        // Documents how many cases the histogram rule skips per file before the parser is wired in (the engine here answers nothing).
        var lines = new List<string>();
        foreach (var path in ConformanceFiles.Paths)
        {
            var results = new PromqlTestRunner(new FakeQueryEngine()).RunFile(path);
            var skipped = results.Count(r => r.Outcome == PromqlTestOutcome.Skipped);
            Assert.All(results.Where(r => r.Outcome == PromqlTestOutcome.Skipped), r => Assert.StartsWith("needs native histograms", r.Reason, StringComparison.Ordinal));
            lines.Add($"{Path.GetFileName(path)}: {results.Count} cases, {skipped} skipped");
        }

        Assert.Equal(9, lines.Count);
        foreach (var l in lines)
        {
            output.WriteLine(l);
        }
    }
}
