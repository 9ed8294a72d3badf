namespace Tsdb.PromQL.Ast;

/// <summary>
/// A binary operation. <see cref="Matching"/> is null unless both sides are instant vectors; then it is
/// never null (one-to-one by default, many-to-many for set operators).
/// </summary>
public sealed class BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, bool returnBool, VectorMatching? matching,
    PositionRange position = default) : Expr(position)
{
    public BinaryOp Op { get; } = op;

    public Expr Lhs { get; } = lhs;

    public Expr Rhs { get; } = rhs;

    /// <summary>The <c>bool</c> modifier of a comparison.</summary>
    public bool ReturnBool { get; } = returnBool;

    public VectorMatching? Matching { get; internal set; } = matching;

    /// <summary>Offset of the operator in the query (for error positions).</summary>
    internal int OperatorPosition { get; set; }

    public override ValueType Type =>
        Lhs.Type == ValueType.Scalar && Rhs.Type == ValueType.Scalar ? ValueType.Scalar : ValueType.Vector;
}
