namespace Tsdb.PromQL.Ast;

/// <summary>A function call; <see cref="Func"/> comes from <see cref="Functions"/>.</summary>
public sealed class Call(FunctionInfo func, IReadOnlyList<Expr> args, PositionRange position = default) : Expr(position)
{
    public FunctionInfo Func { get; } = func;

    public IReadOnlyList<Expr> Args { get; } = args;

    public override ValueType Type => Func.ReturnType;
}
