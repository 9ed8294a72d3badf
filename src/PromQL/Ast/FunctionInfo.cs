namespace Tsdb.PromQL.Ast;

/// <summary>
/// A PromQL function signature (Prometheus <c>parser.Function</c>). <see cref="Variadic"/> is 0 for a
/// fixed argument count; otherwise the last entry of <see cref="ArgTypes"/> is optional and may repeat
/// up to <see cref="Variadic"/> times (-1: without limit).
/// </summary>
public sealed class FunctionInfo(string name, IReadOnlyList<ValueType> argTypes, ValueType returnType, int variadic = 0, bool experimental = false)
{
    public string Name { get; } = name;

    public IReadOnlyList<ValueType> ArgTypes { get; } = argTypes;

    public ValueType ReturnType { get; } = returnType;

    public int Variadic { get; } = variadic;

    /// <summary>Prometheus gates these behind <c>--enable-feature=promql-experimental-functions</c>; we always accept them.</summary>
    public bool Experimental { get; } = experimental;

    /// <summary>The fewest arguments a call may have.</summary>
    public int MinArgs => Variadic == 0 ? ArgTypes.Count : ArgTypes.Count - 1;

    /// <summary>The most arguments a call may have, or -1 without limit.</summary>
    public int MaxArgs => Variadic switch
    {
        0 => ArgTypes.Count,
        < 0 => -1,
        _ => ArgTypes.Count - 1 + Variadic,
    };

    public override string ToString() => Name;
}
