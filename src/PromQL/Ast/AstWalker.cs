namespace Tsdb.PromQL.Ast;

/// <summary>Traversals over an expression tree (Prometheus parser.Inspect).</summary>
public static class AstWalker
{
    /// <summary>Every vector selector in the tree, including those inside range selectors and subqueries.</summary>
    public static List<VectorSelector> VectorSelectors(Expr root)
    {
        var found = new List<VectorSelector>();
        Collect(root, found);
        return found;
    }

    private static void Collect(Expr e, List<VectorSelector> found)
    {
        switch (e)
        {
            case VectorSelector vs:
                found.Add(vs);
                break;
            case MatrixSelector ms:
                found.Add(ms.VectorSelector);
                break;
            case SubqueryExpr sq:
                Collect(sq.Expr, found);
                break;
            case ParenExpr p:
                Collect(p.Expr, found);
                break;
            case UnaryExpr u:
                Collect(u.Expr, found);
                break;
            case BinaryExpr b:
                Collect(b.Lhs, found);
                Collect(b.Rhs, found);
                break;
            case AggregateExpr a:
                if (a.Param is not null)
                {
                    Collect(a.Param, found);
                }

                Collect(a.Expr, found);
                break;
            case Call c:
                foreach (var arg in c.Args)
                {
                    Collect(arg, found);
                }

                break;
        }
    }
}
