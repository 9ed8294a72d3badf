namespace Tsdb.PromQL.Ast;

/// <summary>
/// <c>-expr</c> or <c>+expr</c>. The parser folds a sign applied directly to a number literal into the
/// literal (<c>-1</c> is a <see cref="NumberLiteral"/>), as Prometheus does.
/// </summary>
public sealed class UnaryExpr(UnaryOp op, Expr expr, PositionRange position = default) : Expr(position)
{
    public UnaryOp Op { get; } = op;

    public Expr Expr { get; } = expr;

    public override ValueType Type => Expr.Type;
}
