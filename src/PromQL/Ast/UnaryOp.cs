namespace Tsdb.PromQL.Ast;

/// <summary>The operator of a <see cref="UnaryExpr"/>.</summary>
public enum UnaryOp : byte
{
    /// <summary><c>+</c></summary>
    Add,

    /// <summary><c>-</c></summary>
    Sub,
}
