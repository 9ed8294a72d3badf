namespace Tsdb.PromQL.Ast;

/// <summary>The type an expression evaluates to (Prometheus <c>parser.ValueType</c>).</summary>
public enum ValueType : byte
{
    /// <summary>No value (not produced by a valid expression).</summary>
    None,

    /// <summary>A single float.</summary>
    Scalar,

    /// <summary>A string literal.</summary>
    String,

    /// <summary>An instant vector.</summary>
    Vector,

    /// <summary>A range vector.</summary>
    Matrix,
}

/// <summary>Names of <see cref="ValueType"/> as Prometheus prints them.</summary>
public static class ValueTypeExtensions
{
    /// <summary>The name used by <c>ValueType.String()</c>: scalar, string, vector, matrix, none.</summary>
    public static string Name(this ValueType t) => t switch
    {
        ValueType.Scalar => "scalar",
        ValueType.String => "string",
        ValueType.Vector => "vector",
        ValueType.Matrix => "matrix",
        _ => "none",
    };

    /// <summary>The name used in documentation and type errors: "instant vector", "range vector", ...</summary>
    public static string DocumentedName(this ValueType t) => t switch
    {
        ValueType.Vector => "instant vector",
        ValueType.Matrix => "range vector",
        _ => t.Name(),
    };
}
