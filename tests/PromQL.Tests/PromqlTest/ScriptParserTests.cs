using Tsdb.PromQL.PromqlTest;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.PromqlTest;

public sealed class ScriptParserTests
{
    private static EvalCommand SingleEval(string script)
        => Assert.Single(PromqlTestScriptParser.Parse(script, "t.test").Evals);

    private static PromqlTestParseException ParseError(string script)
        => Assert.Throws<PromqlTestParseException>(() => PromqlTestScriptParser.Parse(script, "t.test"));

    [Fact]
    public void Commands_in_order_with_lines()
    {
        var script = PromqlTestScriptParser.Parse(
            """
            # a comment

            load 5m
              foo{a="1"} 1+1x3
              bar 0 _ stale

            eval instant at 10m foo
              foo{a="1"} 3

            clear
            load_with_nhcb 1m
              h_bucket{le="1"} 1 2
            """,
            "t.test");

        Assert.Equal("t.test", script.File);
        Assert.Collection(
            script.Commands,
            c =>
            {
                var load = Assert.IsType<LoadCommand>(c);
                Assert.Equal(3, load.Line);
                Assert.Equal(300_000, load.IntervalMs);
                Assert.False(load.WithNhcb);
                Assert.Equal(2, load.Series.Count);
                Assert.Equal(4, load.Series[0].Line);
                Assert.Equal(Labels.FromStrings("__name__", "foo", "a", "1"), load.Series[0].Metric);
            },
            c =>
            {
                var eval = Assert.IsType<EvalCommand>(c);
                Assert.Equal(7, eval.Line);
                Assert.Equal("foo", eval.Query);
                Assert.Equal(600_000, eval.EvalTime);
                Assert.False(eval.IsRange);
            },
            c => Assert.Equal(10, Assert.IsType<ClearCommand>(c).Line),
            c => Assert.True(Assert.IsType<LoadCommand>(c).WithNhcb));
    }

    [Fact]
    public void Eval_instant_header()
    {
        var e = SingleEval("eval instant at 1h30m sum by (job) (rate(foo[5m]))  ");
        Assert.Equal("sum by (job) (rate(foo[5m]))", e.Query);
        Assert.Equal(5_400_000, e.EvalTime);
        Assert.Equal(5_400_000, e.Start);
        Assert.Equal(long.MinValue, e.End);
        Assert.Equal("eval instant at 1h30m sum by (job) (rate(foo[5m]))", e.Header);
        Assert.Empty(e.ExpectedSeries);
        Assert.False(e.ExcludeFromRangeQuery);
    }

    [Fact]
    public void Eval_range_header()
    {
        var e = SingleEval("eval range from 0 to 10m step 1m foo + on(a) bar");
        Assert.True(e.IsRange);
        Assert.Equal(0, e.Start);
        Assert.Equal(600_000, e.End);
        Assert.Equal(60_000, e.Step);
        Assert.Equal("foo + on(a) bar", e.Query);
    }

    [Theory]
    [InlineData("eval instant foo")]
    [InlineData("eval instant at -1m foo")]
    [InlineData("eval instant at 1.5m foo")]
    [InlineData("eval range from 10m to 0 step 1m foo")]
    [InlineData("eval range from 0 to 10m foo")]
    [InlineData("eval_ordered range from 0 to 10m step 1m foo")]
    [InlineData("eval_bogus instant at 0 foo")]
    [InlineData("evaluate instant at 0 foo")]
    public void Bad_eval_headers(string line) => Assert.Equal(1, ParseError(line).Line);

    [Fact]
    public void Legacy_eval_forms()
    {
        Assert.True(SingleEval("eval_fail instant at 0 foo").LegacyFail);
        Assert.True(SingleEval("eval_fail instant at 0 foo").IsFail);
        Assert.True(SingleEval("eval_warn instant at 0 foo").LegacyWarn);
        Assert.True(SingleEval("eval_info instant at 0 foo").LegacyInfo);
        Assert.True(SingleEval("eval_ordered instant at 0 foo").IsOrdered);
        Assert.True(SingleEval("eval_fail range from 0 to 1m step 1m foo").IsFail);
        Assert.Equal("bad thing", SingleEval("eval_fail instant at 0 foo\n expected_fail_message bad thing").ExpectedFailMessage);
        Assert.Equal("bad.*", SingleEval("eval_fail instant at 0 foo\n expected_fail_regexp bad.*").ExpectedFailRegex!.ToString());
    }

    [Fact]
    public void Every_expect_form()
    {
        var e = SingleEval(
            """
            eval instant at 0 foo
              expect fail msg: vector cannot contain metrics with the same labelset
              expect warn
              expect warn msg:PromQL warning: something (1:1)
              expect info regex: PromQL info: .* \(1:[0-9]+\)
              expect ordered
            """);

        Assert.Collection(
            e.Expectations,
            x =>
            {
                Assert.Equal(ExpectationKind.Fail, x.Kind);
                Assert.Equal("vector cannot contain metrics with the same labelset", x.Message);
                Assert.True(x.Matches("vector cannot contain metrics with the same labelset"));
                Assert.False(x.Matches("vector cannot contain metrics with the same labelset!"));
            },
            x =>
            {
                Assert.Equal(ExpectationKind.Warn, x.Kind);
                Assert.True(x.MatchesAnything);
                Assert.True(x.Matches("anything at all"));
            },
            x => Assert.Equal("PromQL warning: something (1:1)", x.Message),
            x =>
            {
                Assert.Equal(ExpectationKind.Info, x.Kind);
                Assert.NotNull(x.Pattern);
                Assert.True(x.Matches("prefix PromQL info: whatever (1:12) suffix"));
                Assert.False(x.Matches("PromQL info: whatever (2:12)"));
            },
            x => Assert.Equal(ExpectationKind.Ordered, x.Kind));
        Assert.True(e.IsFail);
        Assert.True(e.IsOrdered);

        Assert.Equal(ExpectationKind.NoWarn, Assert.Single(SingleEval("eval instant at 0 foo\n expect no_warn").Expectations).Kind);
        Assert.Equal(ExpectationKind.NoInfo, Assert.Single(SingleEval("eval instant at 0 foo\n expect no_info").Expectations).Kind);
    }

    [Theory]
    [InlineData("expect failure")]
    [InlineData("expect warn msg")]
    [InlineData("expect warn pattern: x")]
    [InlineData("expect fail regex: (")]
    [InlineData("expect")]
    public void Bad_expect_lines(string line) => Assert.Equal(2, ParseError("eval instant at 0 foo\n  " + line).Line);

    [Theory]
    [InlineData("expect info\n expect no_info", 3)]
    [InlineData("expect no_warn\n expect warn msg: x", 3)]
    [InlineData("expect fail\n expect fail msg: x", 3)]
    public void Conflicting_expect_lines(string lines, int line) => Assert.Equal(line, ParseError("eval instant at 0 foo\n " + lines).Line);

    [Fact]
    public void Expect_range_vector()
    {
        var e = SingleEval(
            """
            eval instant at 1m foo[1m]
              expect range vector from 10s to 1m step 10s
              foo{a="1"} 1 2 _ 4 5 6
            """);

        Assert.True(e.ExpectRangeVector);
        Assert.True(e.ExcludeFromRangeQuery);
        Assert.Equal(10_000, e.Start);
        Assert.Equal(60_000, e.End);
        Assert.Equal(10_000, e.Step);
        Assert.Equal(60_000, e.EvalTime);
        Assert.Equal("1 2 _ 4 5 6", string.Join(" ", Assert.Single(e.ExpectedSeries).Series.Values));
        Assert.Equal(2, ParseError("eval instant at 1m foo[1m]\n expect range vector from 1m to 0 step 10s").Line);
        Assert.Equal(2, ParseError("eval instant at 1m foo[1m]\n expect range vector from 0 to 1m").Line);
    }

    [Theory]
    [InlineData("expect string \"Foo\"", "Foo")]
    [InlineData("expect string `Foo`", "Foo")]
    [InlineData("expect string \" Foo \"", " Foo ")]
    [InlineData("expect string \"\"", "")]
    [InlineData("expect string \"a\\\"b\\tc\"", "a\"b\tc")]
    public void Expect_string(string line, string expected)
    {
        var e = SingleEval("eval instant at 0 \"x\"\n  " + line);
        Assert.Equal(expected, e.ExpectedString);
        Assert.True(e.ExcludeFromRangeQuery);
    }

    [Theory]
    [InlineData("expect string")]
    [InlineData("expect string Foo")]
    [InlineData("expect string \"Foo")]
    [InlineData("expect string \"Foo\" bar")]
    public void Bad_expect_string(string line) => Assert.Equal(2, ParseError("eval instant at 0 \"x\"\n " + line).Line);

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-2.5", -2.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("0x10", 16.0)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    public void Scalar_results(string line, double expected)
    {
        var e = SingleEval("eval instant at 0 1\n  " + line);
        Assert.True(e.ExpectScalar);
        Assert.Equal(expected, e.ExpectedScalar);
        Assert.Empty(e.ExpectedSeries);
    }

    [Fact]
    public void Scalar_result_NaN()
    {
        var e = SingleEval("eval instant at 0 NaN\n  NaN");
        Assert.True(double.IsNaN(e.ExpectedScalar!.Value));
    }

    [Fact]
    public void A_scalar_line_ends_the_block_as_in_test_go()
    {
        // The next line is then read as a command, which it is not.
        var error = ParseError("eval instant at 0 1\n  1\n  foo 2");
        Assert.Equal(3, error.Line);
        Assert.Contains("invalid command", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Expected_series_with_positions()
    {
        var e = SingleEval(
            """
            eval instant at 50m sort_desc(foo)
              expect ordered
              foo{a="2"} 2
              expect no_warn
              foo{a="1"} 1
              {} stale
            """);

        Assert.Collection(
            e.ExpectedSeries,
            s =>
            {
                Assert.Equal(1, s.Position);
                Assert.Equal(3, s.Series.Line);
                Assert.Equal(2.0, s.Series.Values[0].Value);
            },
            s => Assert.Equal(2, s.Position),
            s =>
            {
                Assert.Equal(3, s.Position);
                Assert.Equal(Labels.Empty, s.Series.Metric);
                Assert.True(StaleNaN.Is(s.Series.Values[0].Value));
            });
    }

    [Fact]
    public void A_repeated_expected_series_replaces_the_earlier_line()
    {
        var e = SingleEval("eval instant at 0 foo\n foo 1\n bar 2\n foo 3");
        Assert.Equal(2, e.ExpectedSeries.Count);
        var foo = e.ExpectedSeries.Single(s => s.Series.Metric.MetricName == "foo");
        Assert.Equal(3.0, foo.Series.Values[0].Value);
        Assert.Equal(3, foo.Position);
    }

    [Fact]
    public void Range_results_use_the_expanding_notation()
    {
        var e = SingleEval("eval range from 0 to 5m step 1m foo\n  foo{a=\"x\"} 1+1x2 _ stale {{count:1}}");
        Assert.Equal("1 2 3 _ stale {{count:1}}", string.Join(" ", e.ExpectedSeries[0].Series.Values));
        Assert.True(e.ExpectsHistogram);
    }

    [Fact]
    public void Multiple_values_in_an_instant_result_need_expect_range_vector()
    {
        var error = ParseError("eval instant at 0 foo\n  foo 1 2");
        Assert.Equal(2, error.Line);
        Assert.Contains("expect range vector", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loadx 5m\n foo 1", 1)]
    [InlineData("load\n foo 1", 1)]
    [InlineData("load 5", 1)]
    [InlineData("load 1.5m", 1)]
    [InlineData("load 5m\n foo 1\n foo{ 2", 3)]
    [InlineData("load 5m\n foo 1 2 bar", 2)]
    [InlineData("load 5m\n foo 1\n# comment ends the block\n bar 1", 4)]
    [InlineData("frobnicate", 1)]
    [InlineData("\n\nclear now", 3)]
    [InlineData("eval instant at 0 foo\n foo 1\n\n  foo 1", 4)]
    [InlineData("eval instant at 0 foo\n foo 1x", 2)]
    [InlineData("eval instant at 0 foo\n expect warn\n fooo{", 3)]
    public void Unknown_syntax_is_an_error_with_its_line(string script, int line)
    {
        var error = ParseError(script);
        Assert.Equal("t.test", error.File);
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"t.test:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_keeps_the_last_line_for_a_repeated_series()
    {
        var load = Assert.IsType<LoadCommand>(Assert.Single(PromqlTestScriptParser.Parse("load 1m\n foo 1 2\n bar 0\n foo 5").Commands));
        Assert.Equal(2, load.Series.Count);
        Assert.Equal("5", string.Join(" ", load.Series.Single(s => s.Metric.MetricName == "foo").Values));
    }

    [Fact]
    public void Windows_line_endings_and_indentation_are_fine()
    {
        var script = PromqlTestScriptParser.Parse("load 1m\r\n\tfoo 1\r\n\r\neval instant at 0 foo\r\n\tfoo 1\r\n");
        Assert.Equal(2, script.Commands.Count);
    }
}
