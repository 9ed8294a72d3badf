using Tsdb.PromQL.Funcs;
using Tsdb.PromQL.PromqlTest;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.PromqlTest;

public sealed class RunnerTests
{
    private static readonly Labels FooA = Labels.FromStrings("__name__", "foo", "a", "1");
    private static readonly Labels FooB = Labels.FromStrings("__name__", "foo", "a", "2");

    private static PromqlTestCaseResult RunOne(FakeQueryEngine engine, string script, Func<string, IReadOnlyList<IReadOnlyList<Matcher>>>? selectorsOf = null)
        => Assert.Single(new PromqlTestRunner(engine, selectorsOf).RunScript(script, "t.test"));

    private static void AssertPassed(PromqlTestCaseResult r)
        => Assert.True(r.Outcome == PromqlTestOutcome.Passed, $"{r.Outcome}: {r.Reason}\nexpected: {r.Expected}\nactual: {r.Actual}");

    private static string AssertFailed(PromqlTestCaseResult r, string reasonPart)
    {
        Assert.Equal(PromqlTestOutcome.Failed, r.Outcome);
        Assert.Contains(reasonPart, r.Reason, StringComparison.Ordinal);
        return r.Reason!;
    }

    [Fact]
    public void A_correct_instant_vector_passes_and_is_rechecked_in_range_mode()
    {
        var engine = new FakeQueryEngine().Vector("foo", (FooA, 1), (FooB, 2));
        var r = RunOne(engine, "eval instant at 5m foo\n  foo{a=\"2\"} 2\n  foo{a=\"1\"} 1.0000000001");
        AssertPassed(r);
        Assert.Equal("t.test", r.File);
        Assert.Equal(1, r.Line);
        Assert.Equal("foo", r.Query);
        Assert.Equal(
            [new FakeCall(false, "foo", 300_000, 300_000, 0), new FakeCall(true, "foo", 240_000, 360_000, 60_000)],
            engine.Calls);
    }

    [Fact]
    public void A_wrong_value_fails_with_expected_and_actual()
    {
        var r = RunOne(new FakeQueryEngine().Vector("foo", (FooA, 1.1)), "eval instant at 0 foo\n  foo{a=\"1\"} 1");
        AssertFailed(r, "expected 1 for foo{a=\"1\"} but got 1.1");
        Assert.Equal("foo{a=\"1\"} 1", r.Expected);
        Assert.Equal("foo{a=\"1\"} 1.1", r.Actual);
        Assert.Equal(1, r.Line);
    }

    [Fact]
    public void A_wrong_label_fails()
        => AssertFailed(
            RunOne(new FakeQueryEngine().Vector("foo", (FooB, 1)), "eval instant at 0 foo\n  foo{a=\"1\"} 1"),
            "unexpected metric foo{a=\"2\"} in result, has value 1");

    [Fact]
    public void A_missing_series_fails()
        => AssertFailed(
            RunOne(new FakeQueryEngine().Vector("foo", (FooA, 1)), "eval instant at 0 foo\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2"),
            "expected metric foo{a=\"2\"} with [2] not found");

    [Fact]
    public void An_extra_series_fails()
        => AssertFailed(
            RunOne(new FakeQueryEngine().Vector("foo", (FooA, 1), (FooB, 2)), "eval instant at 0 foo\n  foo{a=\"1\"} 1"),
            "unexpected metric foo{a=\"2\"}");

    [Fact]
    public void An_empty_result_matches_no_expected_series()
        => AssertPassed(RunOne(new FakeQueryEngine().Vector("foo"), "eval instant at 0 foo"));

    [Fact]
    public void Order_is_only_checked_under_expect_ordered()
    {
        var engine = new FakeQueryEngine().Vector("foo", (FooB, 2), (FooA, 1));
        AssertPassed(RunOne(engine, "eval instant at 0 foo\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2"));
        AssertPassed(RunOne(engine, "eval instant at 0 foo\n  expect ordered\n  foo{a=\"2\"} 2\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(engine, "eval_ordered instant at 0 foo\n  foo{a=\"2\"} 2\n  foo{a=\"1\"} 1"));
        AssertFailed(
            RunOne(engine, "eval instant at 0 foo\n  expect ordered\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2"),
            "expected metric foo{a=\"2\"} with [2] at position 2 but was at 1");
    }

    [Fact]
    public void NaN_equals_NaN_and_stale_compares_as_NaN()
    {
        var engine = new FakeQueryEngine().Vector("foo", (FooA, double.NaN), (FooB, StaleNaN.Value));
        AssertPassed(RunOne(engine, "eval instant at 0 foo\n  foo{a=\"1\"} NaN\n  foo{a=\"2\"} stale"));
        AssertFailed(RunOne(engine, "eval instant at 0 foo\n  foo{a=\"1\"} 0\n  foo{a=\"2\"} NaN"), "expected 0 for foo{a=\"1\"} but got NaN");
    }

    [Theory]
    [InlineData(1.0, 1.0000005, true)]
    [InlineData(1.0, 1.00001, false)]
    [InlineData(0.0, 1e-300, false)]
    [InlineData(0.0, 0.0, true)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, true)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, false)]
    [InlineData(1e300, 1.0000001e300, true)]
    public void Float_epsilon(double a, double b, bool equal) => Assert.Equal(equal, AlmostEqual.Equal(a, b));

    [Fact]
    public void Scalar_results()
    {
        var engine = new FakeQueryEngine().Scalar("1 + 1", 2).Vector("foo", (FooA, 2));
        AssertPassed(RunOne(engine, "eval instant at 0 1 + 1\n  2"));
        AssertFailed(RunOne(engine, "eval instant at 0 1 + 1\n  3"), "expected scalar 3 but got 2");
        AssertFailed(RunOne(engine, "eval instant at 0 1 + 1\n  {} 2"), "expected vector or matrix result, but got scalar 2");
        AssertFailed(RunOne(engine, "eval instant at 0 foo\n  2"), "expected scalar result, but got vector");
    }

    [Fact]
    public void String_results()
    {
        var engine = new FakeQueryEngine().Value("\"Foo\"", new StringValue(0, "Foo"));
        AssertPassed(RunOne(engine, "eval instant at 0 \"Foo\"\n  expect string \"Foo\""));
        AssertFailed(RunOne(engine, "eval instant at 0 \"Foo\"\n  expect string \"Bar\""), "expected string \"Bar\" but got \"Foo\"");
        AssertFailed(RunOne(engine, "eval instant at 0 \"Foo\""), "expected string \"\" but got \"Foo\"");

        // expect string excludes the range-mode re-run (a string has no range form).
        Assert.All(engine.Calls, c => Assert.False(c.IsRange));
    }

    [Fact]
    public void Range_results_compare_points_and_timestamps()
    {
        var matrix = new MatrixValue([new Series(FooA, [new Sample(0, 1), new Sample(60_000, 2), new Sample(180_000, 4)])]);
        var engine = new FakeQueryEngine().Value("foo", matrix);
        AssertPassed(RunOne(engine, "eval range from 0 to 3m step 1m foo\n  foo{a=\"1\"} 1 2 _ 4"));
        Assert.Equal(new FakeCall(true, "foo", 0, 180_000, 60_000), Assert.Single(engine.Calls));

        AssertFailed(
            RunOne(engine, "eval range from 0 to 3m step 1m foo\n  foo{a=\"1\"} 1 2 3 4"),
            "expected 4 float points and 0 histogram points for foo{a=\"1\"}, but got 3 float points");
        AssertFailed(
            RunOne(engine, "eval range from 0 to 3m step 1m foo\n  foo{a=\"1\"} 1 2 4 _"),
            "expected float value at index 2 for foo{a=\"1\"} to have timestamp 120000, but it had timestamp 180000");
        AssertFailed(
            RunOne(engine, "eval range from 0 to 3m step 1m foo\n  foo{a=\"1\"} 1 2.5 _ 4"),
            "expected float value at index 1 (t=60000) for foo{a=\"1\"} to be 2.5, but got 2");
        AssertFailed(
            RunOne(engine, "eval range from 0 to 3m step 1m foo\n  foo{a=\"1\"} 1 2 _ 4 5"),
            "expected 5 points for foo{a=\"1\"}, but query time range cannot return this many points");
        AssertFailed(
            RunOne(engine, "eval range from 0 to 3m step 1m foo\n  foo{a=\"1\"} 1 2 _ 4\n  foo{a=\"2\"} 1"),
            "expected metric foo{a=\"2\"} not found");
        AssertFailed(
            RunOne(engine, "eval range from 0 to 3m step 1m foo\n  expect ordered\n  foo{a=\"1\"} 1 2 _ 4"),
            "expected ordered result, but query returned a matrix");
    }

    [Fact]
    public void A_matrix_must_be_sorted_by_labels()
    {
        var matrix = new MatrixValue([new Series(FooB, [new Sample(0, 1)]), new Series(FooA, [new Sample(0, 1)])]);
        AssertFailed(
            RunOne(new FakeQueryEngine().Value("foo", matrix), "eval range from 0 to 0 step 1m foo\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 1"),
            "matrix results should always be sorted by labels");
    }

    [Fact]
    public void An_instant_range_vector_result_needs_expect_range_vector()
    {
        var matrix = new MatrixValue([new Series(FooA, [new Sample(10_000, 1), new Sample(20_000, 2)])]);
        var engine = new FakeQueryEngine().Value("foo[20s]", matrix);
        AssertPassed(RunOne(engine, "eval instant at 20s foo[20s]\n  expect range vector from 10s to 20s step 10s\n  foo{a=\"1\"} 1 2"));
        Assert.Equal(new FakeCall(false, "foo[20s]", 20_000, 20_000, 0), Assert.Single(engine.Calls));
        AssertFailed(RunOne(engine, "eval instant at 20s foo[20s]\n  foo{a=\"1\"} 1"), "query time range cannot return this many points");
    }

    [Fact]
    public void The_range_mode_rerun_must_agree()
    {
        var engine = new FakeQueryEngine().On("foo", call => call.IsRange
            ? new QueryResult(new MatrixValue([new Series(FooA, [new Sample(call.Start, 1), new Sample(call.Start + 60_000, 7)])]), [], [])
            : new QueryResult(new VectorValue([new VectorSample(FooA, call.Start, 1)]), [], []));
        var reason = AssertFailed(RunOne(engine, "eval instant at 1m foo\n  foo{a=\"1\"} 1"), "range mode");
        Assert.Contains("expected 1 for foo{a=\"1\"} but got 7", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_range_mode_rerun_is_skipped_for_query_context_functions()
    {
        var engine = new FakeQueryEngine().Scalar("time() - start()", 0).On("time() - start()", call => call.IsRange
            ? throw new InvalidOperationException("must not run")
            : new QueryResult(new ScalarValue(call.Start, 0), [], []));
        AssertPassed(RunOne(engine, "eval instant at 1m time() - start()\n  0"));
        Assert.Single(engine.Calls);
    }

    [Fact]
    public void Expect_fail_passes_only_when_the_engine_throws()
    {
        var engine = new FakeQueryEngine()
            .Throws("bad", new PromQLException(PromQLErrorType.Execution, "vector cannot contain metrics with the same labelset"))
            .Vector("good", (FooA, 1));

        AssertPassed(RunOne(engine, "eval instant at 0 bad\n  expect fail"));
        AssertPassed(RunOne(engine, "eval instant at 0 bad\n  expect fail msg: vector cannot contain metrics with the same labelset"));
        AssertPassed(RunOne(engine, "eval instant at 0 bad\n  expect fail msg:vector cannot contain metrics with the same labelset"));
        AssertPassed(RunOne(engine, "eval instant at 0 bad\n  expect fail regex: same label(set|s)"));
        AssertPassed(RunOne(engine, "eval range from 0 to 1m step 1m bad\n  expect fail"));
        AssertPassed(RunOne(engine, "eval_fail instant at 0 bad"));
        AssertPassed(RunOne(engine, "eval_fail instant at 0 bad\n  expected_fail_message vector cannot contain metrics with the same labelset"));
        AssertPassed(RunOne(engine, "eval_fail instant at 0 bad\n  expected_fail_regexp cannot contain"));

        AssertFailed(RunOne(engine, "eval instant at 0 good\n  expect fail"), "expected error evaluating query \"good\" (line 1) but got none");
        AssertFailed(RunOne(engine, "eval instant at 0 bad\n  expect fail msg: vector cannot contain metrics"), "expected error matching \"vector cannot contain metrics\"");
        AssertFailed(RunOne(engine, "eval instant at 0 bad\n  expect fail regex: ^labelset"), "expected error matching \"^labelset\"");
        AssertFailed(RunOne(engine, "eval_fail instant at 0 bad\n  expected_fail_message other"), "expected error \"other\"");
        AssertFailed(RunOne(engine, "eval_fail instant at 0 bad\n  expected_fail_regexp ^x"), "expected error matching pattern \"^x\"");
    }

    [Fact]
    public void An_error_without_expect_fail_fails()
    {
        var engine = new FakeQueryEngine().Throws("bad", new PromQLException(PromQLErrorType.BadData, "1:4: parse error: unexpected end of input"));
        var r = RunOne(engine, "eval instant at 0 bad\n  {} 1");
        AssertFailed(r, "error evaluating query \"bad\" (line 1): 1:4: parse error: unexpected end of input");
        Assert.Equal("error: 1:4: parse error: unexpected end of input", r.Actual);
    }

    [Fact]
    public void Engine_crashes_are_failures_even_under_expect_fail()
    {
        var engine = new FakeQueryEngine().Throws("boom", new InvalidOperationException("oops"));
        AssertFailed(RunOne(engine, "eval instant at 0 boom\n  expect fail"), "InvalidOperationException: oops");
    }

    [Fact]
    public void Annotations_are_not_checked_without_expect_lines()
    {
        var engine = new FakeQueryEngine().VectorWithAnnotations("foo", ["PromQL warning: w (1:1)"], ["PromQL info: i (1:1)"], (FooA, 1));
        AssertPassed(RunOne(engine, "eval instant at 0 foo\n  foo{a=\"1\"} 1"));
    }

    [Fact]
    public void Warn_expectations()
    {
        var warned = new FakeQueryEngine().VectorWithAnnotations("foo", ["PromQL warning: w1 (1:1)", "PromQL warning: w2 (1:5)"], [], (FooA, 1));
        var clean = new FakeQueryEngine().Vector("foo", (FooA, 1));

        AssertPassed(RunOne(warned, "eval instant at 0 foo\n  expect warn\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(warned, "eval instant at 0 foo\n  expect warn regex: w[12]\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(warned, "eval instant at 0 foo\n  expect warn msg: PromQL warning: w1 (1:1)\n  expect warn msg: PromQL warning: w2 (1:5)\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(warned, "eval_warn instant at 0 foo\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(warned, "eval instant at 0 foo\n  expect no_info\n  foo{a=\"1\"} 1"));

        AssertFailed(RunOne(clean, "eval instant at 0 foo\n  expect warn\n  foo{a=\"1\"} 1"), "expected warn annotations but none were found");
        AssertFailed(RunOne(clean, "eval_warn instant at 0 foo\n  foo{a=\"1\"} 1"), "expected warnings evaluating query \"foo\" (line 1) but got none");
        AssertFailed(
            RunOne(warned, "eval instant at 0 foo\n  expect warn msg: PromQL warning: w1 (1:1)\n  foo{a=\"1\"} 1"),
            "unexpected warn annotation \"PromQL warning: w2 (1:5)\"");
        AssertFailed(
            RunOne(warned, "eval instant at 0 foo\n  expect warn msg: PromQL warning: w3 (1:1)\n  foo{a=\"1\"} 1"),
            "expected warn annotation matching message \"PromQL warning: w3 (1:1)\" but no matching annotation was found");
        AssertFailed(RunOne(warned, "eval instant at 0 foo\n  expect no_warn\n  foo{a=\"1\"} 1"), "unexpected warning annotations");
    }

    [Fact]
    public void Info_expectations()
    {
        var informed = new FakeQueryEngine().VectorWithAnnotations("foo", [], ["PromQL info: i (1:1)"], (FooA, 1));
        var clean = new FakeQueryEngine().Vector("foo", (FooA, 1));

        AssertPassed(RunOne(informed, "eval instant at 0 foo\n  expect info\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(informed, "eval instant at 0 foo\n  expect info msg: PromQL info: i (1:1)\n  expect no_warn\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(informed, "eval_info instant at 0 foo\n  foo{a=\"1\"} 1"));
        AssertPassed(RunOne(clean, "eval instant at 0 foo\n  expect no_info\n  foo{a=\"1\"} 1"));

        AssertFailed(RunOne(clean, "eval instant at 0 foo\n  expect info\n  foo{a=\"1\"} 1"), "expected info annotations but none were found");
        AssertFailed(RunOne(clean, "eval_info instant at 0 foo\n  foo{a=\"1\"} 1"), "expected info annotations evaluating query");
        AssertFailed(RunOne(informed, "eval instant at 0 foo\n  expect info regex: other\n  foo{a=\"1\"} 1"), "expected info annotation matching pattern \"other\"");
        AssertFailed(RunOne(informed, "eval instant at 0 foo\n  expect no_info\n  foo{a=\"1\"} 1"), "unexpected info annotations");
    }

    [Fact]
    public void Annotations_are_checked_before_the_value()
    {
        var engine = new FakeQueryEngine().VectorWithAnnotations("foo", ["PromQL warning: w (1:1)"], [], (FooA, 5));
        var r = RunOne(engine, "eval instant at 0 foo\n  expect no_warn\n  foo{a=\"1\"} 1");
        AssertFailed(r, "unexpected warning annotations");
        Assert.Contains("warning: PromQL warning: w (1:1)", r.Actual, StringComparison.Ordinal);
    }
}
