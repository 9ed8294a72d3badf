namespace Tsdb.PromQL.Parser;

/// <summary>Lexical token types (Prometheus <c>ItemType</c>).</summary>
internal enum TokenType : byte
{
    Eof,
    Error,
    Identifier,
    MetricIdentifier,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Assign, // '=' (label matching)
    Colon,

    // Operators.
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    EqlC, // ==
    Neq,
    Lte,
    Lss,
    Gte,
    Gtr,
    EqlRegex,
    NeqRegex,
    At,
    And,
    Or,
    Unless,
    Atan2,

    // Aggregators.
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,
    LimitRatio,

    // Keywords.
    Bool,
    By,
    GroupLeft,
    GroupRight,
    Ignoring,
    Offset,
    On,
    Without,

    // Preprocessors of '@'.
    Start,
    End,
}

internal static class TokenTypeExtensions
{
    public static bool IsOperator(this TokenType t) => t is >= TokenType.Add and <= TokenType.Atan2;

    public static bool IsAggregator(this TokenType t) => t is >= TokenType.Sum and <= TokenType.LimitRatio;

    public static bool IsKeyword(this TokenType t) => t is >= TokenType.Bool and <= TokenType.Without;

    /// <summary>The source text of fixed tokens.</summary>
    public static string? Symbol(this TokenType t) => t switch
    {
        TokenType.LeftParen => "(",
        TokenType.RightParen => ")",
        TokenType.LeftBrace => "{",
        TokenType.RightBrace => "}",
        TokenType.LeftBracket => "[",
        TokenType.RightBracket => "]",
        TokenType.Comma => ",",
        TokenType.Assign => "=",
        TokenType.Colon => ":",
        TokenType.Add => "+",
        TokenType.Sub => "-",
        TokenType.Mul => "*",
        TokenType.Div => "/",
        TokenType.Mod => "%",
        TokenType.Pow => "^",
        TokenType.EqlC => "==",
        TokenType.Neq => "!=",
        TokenType.Lte => "<=",
        TokenType.Lss => "<",
        TokenType.Gte => ">=",
        TokenType.Gtr => ">",
        TokenType.EqlRegex => "=~",
        TokenType.NeqRegex => "!~",
        TokenType.At => "@",
        _ => null,
    };
}
