namespace Tsdb.PromQL.Ast;

/// <summary>The binary operators.</summary>
public enum BinaryOp : byte
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,

    /// <summary><c>==</c></summary>
    Eql,

    /// <summary><c>!=</c></summary>
    Neq,

    /// <summary><c>&gt;</c></summary>
    Gtr,

    /// <summary><c>&lt;</c></summary>
    Lss,

    /// <summary><c>&gt;=</c></summary>
    Gte,

    /// <summary><c>&lt;=</c></summary>
    Lte,
    And,
    Or,
    Unless,
}

/// <summary>Helpers for <see cref="BinaryOp"/>.</summary>
public static class BinaryOpExtensions
{
    /// <summary>The operator as written in PromQL.</summary>
    public static string Symbol(this BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Mod => "%",
        BinaryOp.Pow => "^",
        BinaryOp.Atan2 => "atan2",
        BinaryOp.Eql => "==",
        BinaryOp.Neq => "!=",
        BinaryOp.Gtr => ">",
        BinaryOp.Lss => "<",
        BinaryOp.Gte => ">=",
        BinaryOp.Lte => "<=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        BinaryOp.Unless => "unless",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>True for <c>== != &gt; &lt; &gt;= &lt;=</c>.</summary>
    public static bool IsComparison(this BinaryOp op) => op is >= BinaryOp.Eql and <= BinaryOp.Lte;

    /// <summary>True for <c>and or unless</c>.</summary>
    public static bool IsSetOperator(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;
}
