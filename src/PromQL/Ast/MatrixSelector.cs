namespace Tsdb.PromQL.Ast;

/// <summary>
/// A range vector selector <c>selector[range]</c>. Offset and <c>@</c> written after the range are
/// stored on <see cref="VectorSelector"/>, as in Prometheus.
/// </summary>
public sealed class MatrixSelector(VectorSelector vectorSelector, long range, PositionRange position = default) : Expr(position)
{
    public VectorSelector VectorSelector { get; } = vectorSelector;

    /// <summary>The range in milliseconds (positive).</summary>
    public long Range { get; } = range;

    public override ValueType Type => ValueType.Matrix;
}
