using FsCheck.Xunit;
using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;

namespace Tsdb.PromQL.Tests.Parser;

[Properties(Arbitrary = [typeof(AstGen)], MaxTest = 400)]
public class RoundTripProperties
{
    [Property]
    public void Print_ThenParse_GivesAnEqualTree(GeneratedExpr g)
    {
        var printed = PromQLPrinter.Print(g.Expr);
        var parsed = PromQLParser.ParseExpr(printed);
        Assert.True(AstEquality.AreEqual(g.Expr, parsed), $"{printed}\nreparsed: {PromQLPrinter.Print(parsed)}");
        Assert.Equal(printed, PromQLPrinter.Print(parsed));
    }
}
