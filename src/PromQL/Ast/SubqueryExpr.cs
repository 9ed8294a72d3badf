namespace Tsdb.PromQL.Ast;

/// <summary>A subquery <c>expr[range:step] @ t offset d</c>.</summary>
public sealed class SubqueryExpr : Expr
{
    public SubqueryExpr(Expr expr, long range, long step, long originalOffset = 0, long? timestamp = null,
        StartOrEnd startOrEnd = StartOrEnd.None, PositionRange position = default)
        : base(position)
    {
        Expr = expr;
        Range = range;
        Step = step;
        OriginalOffset = originalOffset;
        Timestamp = timestamp;
        StartOrEnd = startOrEnd;
    }

    public Expr Expr { get; }

    /// <summary>The range in milliseconds.</summary>
    public long Range { get; }

    /// <summary>The resolution in milliseconds; 0 when omitted (<c>[5m:]</c>: use the default evaluation interval).</summary>
    public long Step { get; }

    /// <summary>The <c>offset</c> in milliseconds as written, 0 if none.</summary>
    public long OriginalOffset { get; internal set; }

    /// <summary>The <c>@ &lt;time&gt;</c> timestamp in milliseconds, or null.</summary>
    public long? Timestamp { get; internal set; }

    /// <summary>Set for <c>@ start()</c> / <c>@ end()</c>.</summary>
    public StartOrEnd StartOrEnd { get; internal set; }

    public override ValueType Type => ValueType.Matrix;
}
