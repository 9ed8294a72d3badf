using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Xunit.Abstractions;

namespace Tsdb.PromQL.Tests.Parser;

/// <summary>Every eval query of the conformance scripts parses (unless its case expects a failure) and survives print→parse.</summary>
public class TestScriptQueryTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryEvalQuery_Parses_AndRoundTrips()
    {
        if (TestScripts.Folder is null)
        {
            output.WriteLine("SKIPPED: no shared/promql-tests folder found above " + AppContext.BaseDirectory);
            return;
        }

        var queries = TestScripts.Queries;
        Assert.NotEmpty(queries);
        var parsed = 0;
        var failedExpected = 0;
        var problems = new List<string>();
        foreach (var (file, line, query, expectFail) in queries)
        {
            Expr expr;
            try
            {
                expr = PromQLParser.ParseExpr(query);
            }
            catch (PromQLException e)
            {
                if (expectFail)
                {
                    failedExpected++;
                    output.WriteLine($"{file}:{line}: expected failure at parse time: {query} => {e.Message}");
                }
                else
                {
                    problems.Add($"{file}:{line}: {query} => {e.Message}");
                }

                continue;
            }

            parsed++;
            var printed = PromQLPrinter.Print(expr);
            try
            {
                var reparsed = PromQLParser.ParseExpr(printed);
                if (!AstEquality.AreEqual(expr, reparsed))
                {
                    problems.Add($"{file}:{line}: round trip differs: {query} => {printed}");
                }
                else if (PromQLPrinter.Print(reparsed) != printed)
                {
                    problems.Add($"{file}:{line}: printing is not idempotent: {printed} => {PromQLPrinter.Print(reparsed)}");
                }
            }
            catch (PromQLException e)
            {
                problems.Add($"{file}:{line}: printed form does not parse: {query} => {printed} => {e.Message}");
            }
        }

        output.WriteLine($"{queries.Count} eval queries: {parsed} parse, {failedExpected} fail at parse time as their case expects, {problems.Count} problems.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
