namespace Tsdb.PromQL.Ast;

/// <summary>An expression in parentheses (kept so that printing reproduces the grouping).</summary>
public sealed class ParenExpr(Expr expr, PositionRange position = default) : Expr(position)
{
    public Expr Expr { get; } = expr;

    public override ValueType Type => Expr.Type;
}
