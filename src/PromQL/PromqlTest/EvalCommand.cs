namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// <c>eval instant at &lt;time&gt; &lt;query&gt;</c> or <c>eval range from &lt;t&gt; to &lt;t&gt; step &lt;d&gt; &lt;query&gt;</c>
/// (also the deprecated <c>eval_fail</c>, <c>eval_warn</c>, <c>eval_info</c>, <c>eval_ordered</c>) with its
/// <c>expect</c> lines and expected result. Times are milliseconds since the epoch.
/// </summary>
public sealed class EvalCommand(int line) : ScriptCommand(line)
{
    /// <summary>The command line as written, e.g. <c>eval instant at 50m sum(foo)</c>.</summary>
    public required string Header { get; init; }

    public required string Query { get; init; }

    public bool IsRange { get; init; }

    /// <summary>Instant queries: the evaluation time (the end of an <c>expect range vector</c>). Range queries: the end.</summary>
    public long EvalTime { get; init; }

    /// <summary>
    /// Where expected matrix points lie: point i at <c>Start + i * Step</c>, at most up to <see cref="End"/>.
    /// Set by <c>eval range</c> or by <c>expect range vector from .. to .. step ..</c>; for an instant query
    /// without the latter, <see cref="End"/> is <see cref="long.MinValue"/> so no matrix point can be expected.
    /// </summary>
    public long Start { get; init; }

    public long End { get; init; }

    public long Step { get; init; }

    /// <summary><c>expect range vector from .. to .. step ..</c>: an instant query expected to return a range vector.</summary>
    public bool ExpectRangeVector { get; init; }

    /// <summary>The deprecated <c>eval_fail</c>.</summary>
    public bool LegacyFail { get; init; }

    /// <summary>The deprecated <c>eval_warn</c>: at least one warning.</summary>
    public bool LegacyWarn { get; init; }

    /// <summary>The deprecated <c>eval_info</c>: at least one info annotation.</summary>
    public bool LegacyInfo { get; init; }

    /// <summary>The deprecated <c>eval_ordered</c>.</summary>
    public bool LegacyOrdered { get; init; }

    /// <summary>The deprecated <c>expected_fail_message</c> line after <c>eval_fail</c>: the exact error text.</summary>
    public string? ExpectedFailMessage { get; init; }

    /// <summary>The deprecated <c>expected_fail_regexp</c> line after <c>eval_fail</c>.</summary>
    public System.Text.RegularExpressions.Regex? ExpectedFailRegex { get; init; }

    public IReadOnlyList<Expectation> Expectations { get; init; } = [];

    /// <summary>The expected series (one per label set; a repeated label set replaces the earlier line, as in test.go).</summary>
    public IReadOnlyList<ExpectedSeries> ExpectedSeries { get; init; } = [];

    /// <summary>A bare number line: the query is expected to return this scalar.</summary>
    public double? ExpectedScalar { get; init; }

    /// <summary><c>expect string "..."</c>; a string result without it is compared with "" (as test.go does).</summary>
    public string? ExpectedString { get; init; }

    /// <summary>
    /// Instant queries are also run as a range query over [t-1m, t+1m] step 1m and compared at t (test.go),
    /// unless they expect a string or a range vector.
    /// </summary>
    public bool ExcludeFromRangeQuery { get; init; }

    public bool IsOrdered => LegacyOrdered || Has(ExpectationKind.Ordered);

    public bool IsFail => LegacyFail || Has(ExpectationKind.Fail);

    public bool ExpectScalar => ExpectedScalar.HasValue;

    /// <summary>True when an expected series holds a native histogram point (<c>{{...}}</c>).</summary>
    public bool ExpectsHistogram
    {
        get
        {
            foreach (var e in ExpectedSeries)
            {
                if (e.Series.HasHistogram)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public IEnumerable<Expectation> Of(ExpectationKind kind)
    {
        foreach (var e in Expectations)
        {
            if (e.Kind == kind)
            {
                yield return e;
            }
        }
    }

    public bool Has(ExpectationKind kind)
    {
        foreach (var e in Expectations)
        {
            if (e.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Header;
}
