using Tsdb.Storage;

namespace Tsdb.PromQL.Ast;

/// <summary>
/// An instant vector selector <c>name{l="v", ...} @ t offset d</c>. <see cref="Matchers"/> holds every
/// matcher, including the <c>__name__</c> equality matcher that a metric name outside the braces
/// implies (appended last, as Prometheus does). A name given only inside the braces
/// (<c>{"my.metric"}</c> or <c>{__name__="x"}</c>) leaves <see cref="Name"/> null.
/// </summary>
public sealed class VectorSelector : Expr
{
    public VectorSelector(string? name, IReadOnlyList<Matcher> matchers, long originalOffset = 0, long? timestamp = null,
        StartOrEnd startOrEnd = StartOrEnd.None, PositionRange position = default)
        : base(position)
    {
        Name = name;
        Matchers = matchers;
        OriginalOffset = originalOffset;
        Timestamp = timestamp;
        StartOrEnd = startOrEnd;
    }

    /// <summary>The metric name written before the braces, or null.</summary>
    public string? Name { get; }

    /// <summary>All label matchers, the implied <c>__name__</c> matcher included.</summary>
    public IReadOnlyList<Matcher> Matchers { get; }

    /// <summary>The <c>offset</c> in milliseconds as written (negative for <c>offset -5m</c>), 0 if none.</summary>
    public long OriginalOffset { get; internal set; }

    /// <summary>The <c>@ &lt;time&gt;</c> timestamp in milliseconds, or null.</summary>
    public long? Timestamp { get; internal set; }

    /// <summary>Set for <c>@ start()</c> / <c>@ end()</c>.</summary>
    public StartOrEnd StartOrEnd { get; internal set; }

    public override ValueType Type => ValueType.Vector;
}
