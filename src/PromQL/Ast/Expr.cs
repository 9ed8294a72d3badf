using Tsdb.PromQL.Parser;

namespace Tsdb.PromQL.Ast;

/// <summary>
/// A PromQL expression node (Prometheus <c>parser.Expr</c>). Nodes are immutable once the parser
/// hands them out; structural comparison that ignores positions is <see cref="AstEquality"/>.
/// </summary>
public abstract class Expr
{
    private protected Expr(PositionRange position) => PositionRange = position;

    /// <summary>Where the expression is in the query text (offsets, not line/column).</summary>
    public PositionRange PositionRange { get; internal set; }

    /// <summary>The type the expression evaluates to.</summary>
    public abstract ValueType Type { get; }

    /// <summary>Canonical PromQL, as <see cref="PromQLPrinter.Print(Expr)"/>.</summary>
    public override string ToString() => PromQLPrinter.Print(this);
}
