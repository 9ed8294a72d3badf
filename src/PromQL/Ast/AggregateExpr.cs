namespace Tsdb.PromQL.Ast;

/// <summary>
/// An aggregation <c>op by|without (labels) ([param,] expr)</c>. <see cref="Grouping"/> is empty when
/// no clause was given (and for <c>by ()</c>).
/// </summary>
public sealed class AggregateExpr(AggregationOp op, Expr expr, Expr? param, IReadOnlyList<string> grouping, bool without,
    PositionRange position = default) : Expr(position)
{
    public AggregationOp Op { get; } = op;

    public Expr Expr { get; } = expr;

    /// <summary>The parameter of topk, bottomk, quantile, count_values, limitk and limit_ratio; null otherwise.</summary>
    public Expr? Param { get; } = param;

    public IReadOnlyList<string> Grouping { get; } = grouping;

    /// <summary>True for <c>without</c>, false for <c>by</c> (or no clause).</summary>
    public bool Without { get; } = without;

    public override ValueType Type => ValueType.Vector;
}
