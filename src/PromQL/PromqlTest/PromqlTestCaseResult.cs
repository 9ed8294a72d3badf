namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// The outcome of one eval command. A script that does not parse, and a load block whose samples the
/// storage rejects, are reported as failed results too (with an empty <see cref="Query"/>).
/// </summary>
/// <param name="File">The script's file name.</param>
/// <param name="Line">1-based line of the eval (or load, or the line that does not parse).</param>
/// <param name="Command">The command line as written, e.g. <c>eval instant at 50m sum(foo)</c>.</param>
/// <param name="Query">The PromQL query.</param>
/// <param name="Reason">Why it failed or was skipped; null when passed.</param>
/// <param name="Expected">What the script expected (failed cases).</param>
/// <param name="Actual">What the engine returned or threw (failed cases).</param>
public sealed record PromqlTestCaseResult(
    string File,
    int Line,
    string Command,
    string Query,
    PromqlTestOutcome Outcome,
    string? Reason = null,
    string? Expected = null,
    string? Actual = null)
{
    public string Location => $"{File}:{Line}";
}
