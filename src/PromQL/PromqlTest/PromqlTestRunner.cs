using System.Text.RegularExpressions;
using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Runs promqltest scripts against an <see cref="IQueryEngine"/> (Prometheus promql/promqltest/test.go).
/// Each script gets its own storage; <c>load</c> appends, <c>clear</c> starts over, and every <c>eval</c> is
/// one case: passed, failed (with the reason, what was expected and what came back) or skipped (only when
/// it needs native histograms, see <see cref="HistogramSkipRule"/>).
/// <para>
/// An instant eval runs the query at its time and checks, in test.go's order: the error expectation, the
/// annotations (<see cref="AnnotationChecker"/>), the result (<see cref="ResultComparer"/>); then, unless it
/// expects a string or a range vector or mentions <c>start()</c>, <c>end()</c>, <c>range()</c> or <c>step()</c>,
/// it runs the query again as a range query over [t-1m, t+1m] step 1m and compares the step at t with the
/// expected result too. A range eval runs one range query. Not done (it needs the PromQL AST): test.go's
/// extra runs of each instant query with <c>@ t</c> added to every selector at other evaluation times.
/// </para>
/// </summary>
public sealed partial class PromqlTestRunner
{
    private const long RangeModeStep = 60_000;

    private readonly IQueryEngine _engine;
    private readonly Func<string, IReadOnlyList<IReadOnlyList<Matcher>>>? _selectorsOf;
    private readonly TimeSpan _queryTimeout;

    /// <param name="engine">The engine under test.</param>
    /// <param name="selectorsOf">
    /// Returns the matchers of every vector selector of a query (the integrator passes the PromQL parser's);
    /// used to skip cases that read native histogram series. When null, a text fallback is used (see <see cref="HistogramSkipRule"/>).
    /// </param>
    /// <param name="queryTimeout">Cancels a query that runs longer (default 60 s); a cancelled query fails its case.</param>
    public PromqlTestRunner(
        IQueryEngine engine,
        Func<string, IReadOnlyList<IReadOnlyList<Matcher>>>? selectorsOf = null,
        TimeSpan? queryTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _selectorsOf = selectorsOf;
        _queryTimeout = queryTimeout ?? TimeSpan.FromSeconds(60);
    }

    [GeneratedRegex(@"(start|end|range|step)\(\)", RegexOptions.CultureInvariant)]
    private static partial Regex QueryContextFunctions();

    /// <summary>Reads, parses and runs one file; an unreadable or unparsable file yields one failed result.</summary>
    public IReadOnlyList<PromqlTestCaseResult> RunFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new PromqlTestCaseResult(path, 0, "", "", PromqlTestOutcome.Failed, $"cannot read file: {e.Message}")];
        }

        return RunScript(text, Path.GetFileName(path));
    }

    /// <summary>Parses and runs a script; a parse error yields one failed result and nothing runs (as in test.go).</summary>
    public IReadOnlyList<PromqlTestCaseResult> RunScript(string text, string file = "<script>")
    {
        PromqlTestScript script;
        try
        {
            script = PromqlTestScriptParser.Parse(text, file);
        }
        catch (PromqlTestParseException e)
        {
            return [new PromqlTestCaseResult(e.File, e.Line, "", "", PromqlTestOutcome.Failed, "parse error: " + e.Reason)];
        }

        return Run(script);
    }

    public IReadOnlyList<PromqlTestCaseResult> Run(PromqlTestScript script)
    {
        var results = new List<PromqlTestCaseResult>();
        using var storage = new PromqlTestStorage();
        foreach (var cmd in script.Commands)
        {
            switch (cmd)
            {
                case ClearCommand:
                    storage.Clear();
                    break;
                case LoadCommand load:
                    var error = storage.Load(load);
                    if (error is not null)
                    {
                        results.Add(new PromqlTestCaseResult(script.File, load.Line, load.ToString(), "", PromqlTestOutcome.Failed, "load failed: " + error));
                    }

                    break;
                case EvalCommand eval:
                    results.Add(RunEval(script.File, eval, storage));
                    break;
            }
        }

        return results;
    }

    private PromqlTestCaseResult RunEval(string file, EvalCommand cmd, PromqlTestStorage storage)
    {
        var skip = HistogramSkipRule.SkipReason(cmd, storage.HistogramSeries, _selectorsOf);
        if (skip is not null)
        {
            return new PromqlTestCaseResult(file, cmd.Line, cmd.Header, cmd.Query, PromqlTestOutcome.Skipped, skip);
        }

        var failure = cmd.IsRange ? RunRangeEval(cmd, storage) : RunInstantEval(cmd, storage);
        return failure is null
            ? new PromqlTestCaseResult(file, cmd.Line, cmd.Header, cmd.Query, PromqlTestOutcome.Passed)
            : new PromqlTestCaseResult(file, cmd.Line, cmd.Header, cmd.Query, PromqlTestOutcome.Failed, failure.Value.Reason, ResultFormatter.FormatExpected(cmd), failure.Value.Actual);
    }

    private (string Reason, string Actual)? RunRangeEval(EvalCommand cmd, PromqlTestStorage storage)
    {
        var outcome = Execute((e, ct) => e.Range(storage.Querier, cmd.Query, cmd.Start, cmd.End, cmd.Step, ct));
        return Check(cmd, cmd.Query, outcome);
    }

    private (string Reason, string Actual)? RunInstantEval(EvalCommand cmd, PromqlTestStorage storage)
    {
        var outcome = Execute((e, ct) => e.Instant(storage.Querier, cmd.Query, cmd.EvalTime, ct));
        var failure = Check(cmd, cmd.Query, outcome);
        if (failure is not null || outcome.Result is null || cmd.ExcludeFromRangeQuery || QueryContextFunctions().IsMatch(cmd.Query))
        {
            return failure;
        }

        // test.go: the same query in range mode must give the same answer at the evaluation time.
        var t = cmd.EvalTime;
        var range = Execute((e, ct) => e.Range(storage.Querier, cmd.Query, t - RangeModeStep, t + RangeModeStep, RangeModeStep, ct));
        if (range.Error is not null)
        {
            return ($"error evaluating query \"{cmd.Query}\" (line {cmd.Line}) in range mode: {range.Error}", "error: " + range.Error);
        }

        if (cmd.IsOrdered)
        {
            // Range queries are always sorted by labels, so an expected order cannot be checked there.
            return null;
        }

        var actual = "range mode: " + ResultFormatter.FormatValue(range.Result!.Value);
        if (range.Result.Value is not MatrixValue matrix)
        {
            return ($"range query returned a {range.Result.Value?.ResultType ?? "null"} instead of a matrix (line {cmd.Line})", actual);
        }

        var unsorted = ResultComparer.CheckSorted(matrix);
        if (unsorted is not null)
        {
            return ("range mode: " + unsorted, actual);
        }

        var vector = new List<VectorSample>(matrix.Series.Count);
        foreach (var series in matrix.Series)
        {
            foreach (var p in series.Points)
            {
                if (p.T == t)
                {
                    vector.Add(new VectorSample(series.Metric, p.T, p.V));
                    break;
                }
            }
        }

        QueryValue atT;
        if (outcome.Result.Value is ScalarValue)
        {
            if (vector.Count == 0)
            {
                return ($"range mode: no point at t={t} for the scalar query", actual);
            }

            atT = new ScalarValue(t, vector[0].V);
        }
        else
        {
            atT = new VectorValue(vector);
        }

        var mismatch = ResultComparer.Compare(cmd, atT);
        return mismatch is null ? null : ($"error in {cmd.Header} (line {cmd.Line}) range mode: {mismatch}", actual);
    }

    /// <summary>test.go's order: error expectation, then annotations, then the value.</summary>
    private static (string Reason, string Actual)? Check(EvalCommand cmd, string query, Outcome outcome)
    {
        if (outcome.Error is not null)
        {
            var actual = "error: " + outcome.Error;
            if (!outcome.IsQueryError)
            {
                return ($"the engine failed evaluating query \"{query}\" (line {cmd.Line}): {outcome.Error}", actual);
            }

            if (!cmd.IsFail)
            {
                return ($"error evaluating query \"{query}\" (line {cmd.Line}): {outcome.Error}", actual);
            }

            var mismatch = CheckExpectedFailure(cmd, outcome.Error);
            return mismatch is null ? null : (mismatch, actual);
        }

        var result = outcome.Result!;
        var value = ResultFormatter.FormatValue(result.Value);
        if (cmd.IsFail)
        {
            return ($"expected error evaluating query \"{query}\" (line {cmd.Line}) but got none", value);
        }

        var annotations = AnnotationChecker.Check(cmd, query, result);
        if (annotations is not null)
        {
            return (annotations, value + Annotations(result));
        }

        var compare = ResultComparer.Compare(cmd, result.Value);
        return compare is null ? null : ($"error in {cmd.Header} (line {cmd.Line}): {compare}", value);
    }

    private static string? CheckExpectedFailure(EvalCommand cmd, string message)
    {
        if (cmd.ExpectedFailMessage is { Length: > 0 } exact && exact != message)
        {
            return $"expected error \"{exact}\" evaluating query \"{cmd.Query}\" (line {cmd.Line}), but got: {message}";
        }

        if (cmd.ExpectedFailRegex is not null && !cmd.ExpectedFailRegex.IsMatch(message))
        {
            return $"expected error matching pattern \"{cmd.ExpectedFailRegex}\" evaluating query \"{cmd.Query}\" (line {cmd.Line}), but got: {message}";
        }

        foreach (var e in cmd.Of(ExpectationKind.Fail))
        {
            if (!e.Matches(message))
            {
                return $"expected error matching \"{e.Pattern?.ToString() ?? e.Message}\" evaluating query \"{cmd.Query}\" (line {cmd.Line}), but got: {message}";
            }
        }

        return null;
    }

    private static string Annotations(QueryResult result)
    {
        var parts = new List<string>();
        foreach (var w in result.Warnings ?? [])
        {
            parts.Add("warning: " + w);
        }

        foreach (var i in result.Infos ?? [])
        {
            parts.Add("info: " + i);
        }

        return parts.Count == 0 ? "\n(no annotations)" : "\n" + string.Join("\n", parts);
    }
}
