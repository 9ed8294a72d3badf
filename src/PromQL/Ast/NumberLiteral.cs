namespace Tsdb.PromQL.Ast;

/// <summary>A float literal; durations used as numbers (<c>5m</c>) are literals in seconds.</summary>
public sealed class NumberLiteral(double value, PositionRange position = default) : Expr(position)
{
    public double Value { get; } = value;

    public override ValueType Type => ValueType.Scalar;
}
