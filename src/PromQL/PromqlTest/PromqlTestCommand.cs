using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// <c>tsdb promqltest FILE...</c>: runs the scripts, prints each failure (file:line, query, expected,
/// actual, reason) and the summary line <c>N passed, M failed, K skipped</c>. Exit code 0 when nothing failed,
/// 1 when something failed, 2 for a usage error or when no engine is available.
/// </summary>
public static class PromqlTestCommand
{
    public const string Usage = "usage: tsdb promqltest [-v] FILE...";

    /// <param name="files">Script paths; a leading <c>-v</c>/<c>--verbose</c> also lists skipped cases with their reasons.</param>
    /// <param name="engine">The engine under test; null prints "no PromQL engine available" and returns 2.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="selectorsOf">Vector selector matchers of a query (see <see cref="PromqlTestRunner"/>); null uses the text fallback.</param>
    public static int Run(
        IReadOnlyList<string> files,
        IQueryEngine? engine,
        TextWriter output,
        Func<string, IReadOnlyList<IReadOnlyList<Matcher>>>? selectorsOf = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        var verbose = false;
        var paths = new List<string>(files.Count);
        foreach (var f in files)
        {
            if (f is "-v" or "--verbose")
            {
                verbose = true;
            }
            else
            {
                paths.Add(f);
            }
        }

        if (paths.Count == 0)
        {
            output.WriteLine(Usage);
            return 2;
        }

        if (engine is null)
        {
            output.WriteLine("no PromQL engine available");
            return 2;
        }

        var runner = new PromqlTestRunner(engine, selectorsOf);
        var all = new List<PromqlTestCaseResult>();
        foreach (var path in paths)
        {
            var results = runner.RunFile(path);
            all.AddRange(results);
            foreach (var r in results)
            {
                if (r.Outcome == PromqlTestOutcome.Failed)
                {
                    WriteFailure(output, r);
                }
                else if (verbose && r.Outcome == PromqlTestOutcome.Skipped)
                {
                    output.WriteLine($"SKIP {r.Location}: {r.Query}");
                    output.WriteLine($"  reason:   {r.Reason}");
                }
            }
        }

        var summary = PromqlTestSummary.Of(all);
        output.WriteLine(summary.ToString());
        return summary.Failed == 0 ? 0 : 1;
    }

    public static void WriteFailure(TextWriter output, PromqlTestCaseResult r)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(r);
        output.WriteLine($"FAIL {r.Location}: {(r.Command.Length > 0 ? r.Command : "(script)")}");
        if (r.Query.Length > 0)
        {
            output.WriteLine($"  query:    {r.Query}");
        }

        if (r.Expected is not null)
        {
            output.WriteLine($"  expected: {Indent(r.Expected)}");
        }

        if (r.Actual is not null)
        {
            output.WriteLine($"  actual:   {Indent(r.Actual)}");
        }

        output.WriteLine($"  reason:   {r.Reason}");
    }

    private static string Indent(string text) => text.Replace("\n", "\n            ", StringComparison.Ordinal);
}
