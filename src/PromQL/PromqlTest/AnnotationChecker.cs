namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Checks a query's warnings and infos against the eval's expectations (test.go checkAnnotations):
/// <list type="bullet">
/// <item>no <c>expect warn|info|no_warn|no_info</c> line: annotations are not checked at all;</item>
/// <item><c>expect warn</c> (likewise info): at least one warning, every expect line matches some warning, and
/// every warning matches some expect line (a line without msg/regex matches anything);</item>
/// <item><c>expect no_warn</c> / <c>no_info</c>: none of that kind;</item>
/// <item>deprecated <c>eval_warn</c> / <c>eval_info</c>: at least one of that kind.</item>
/// </list>
/// </summary>
public static class AnnotationChecker
{
    /// <summary>Null when the annotations are as expected; otherwise the reason.</summary>
    public static string? Check(EvalCommand cmd, string query, QueryResult result)
    {
        var warnings = result.Warnings ?? [];
        var infos = result.Infos ?? [];
        if (cmd.LegacyWarn && warnings.Count == 0)
        {
            return $"expected warnings evaluating query \"{query}\" (line {cmd.Line}) but got none";
        }

        if (cmd.LegacyInfo && infos.Count == 0)
        {
            return $"expected info annotations evaluating query \"{query}\" (line {cmd.Line}) but got none";
        }

        var error = CheckKind(cmd, query, [.. cmd.Of(ExpectationKind.Warn)], warnings, "warn", result)
            ?? CheckKind(cmd, query, [.. cmd.Of(ExpectationKind.Info)], infos, "info", result);
        if (error is not null)
        {
            return error;
        }

        if (cmd.Has(ExpectationKind.NoWarn) && warnings.Count > 0)
        {
            return $"unexpected warning annotations evaluating query \"{query}\" (line {cmd.Line}): {All(result)}";
        }

        if (cmd.Has(ExpectationKind.NoInfo) && infos.Count > 0)
        {
            return $"unexpected info annotations evaluating query \"{query}\" (line {cmd.Line}): {All(result)}";
        }

        return null;
    }

    private static string? CheckKind(EvalCommand cmd, string query, List<Expectation> expected, IReadOnlyList<string> actual, string kind, QueryResult result)
    {
        if (expected.Count == 0)
        {
            return null;
        }

        if (actual.Count == 0)
        {
            return $"expected {kind} annotations but none were found for query \"{query}\" (line {cmd.Line})";
        }

        foreach (var e in expected)
        {
            if (!actual.Any(e.Matches))
            {
                var wanted = e.Pattern?.ToString() ?? e.Message ?? "";
                return $"expected {kind} annotation matching {e.MatchKind} \"{wanted}\" but no matching annotation was found for query \"{query}\" (line {cmd.Line}), found: {All(result)}";
            }
        }

        foreach (var a in actual)
        {
            if (!expected.Any(e => e.Matches(a)))
            {
                return $"unexpected {kind} annotation \"{a}\" found for query \"{query}\" (line {cmd.Line})";
            }
        }

        return null;
    }

    private static string All(QueryResult result)
        => "[" + string.Join(", ", (result.Warnings ?? []).Concat(result.Infos ?? [])) + "]";
}
