namespace Tsdb.PromQL.Ast;

/// <summary>A string literal, already unquoted.</summary>
public sealed class StringLiteral(string value, PositionRange position = default) : Expr(position)
{
    public string Value { get; } = value;

    public override ValueType Type => ValueType.String;
}
