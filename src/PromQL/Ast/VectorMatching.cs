namespace Tsdb.PromQL.Ast;

/// <summary>
/// How the two sides of a vector/vector binary operation are matched: <c>on</c>/<c>ignoring</c>
/// labels and the <c>group_left</c>/<c>group_right</c> cardinality with its extra labels.
/// Set operators are always <see cref="Cardinality.ManyToMany"/>.
/// </summary>
public sealed class VectorMatching(Cardinality card, IReadOnlyList<string> matchingLabels, bool on, IReadOnlyList<string> include)
{
    public Cardinality Card { get; } = card;

    /// <summary>The labels of <c>on (...)</c> or <c>ignoring (...)</c>.</summary>
    public IReadOnlyList<string> MatchingLabels { get; } = matchingLabels;

    /// <summary>True for <c>on</c>, false for <c>ignoring</c> (or no clause).</summary>
    public bool On { get; } = on;

    /// <summary>The labels of <c>group_left (...)</c> / <c>group_right (...)</c> copied from the "one" side.</summary>
    public IReadOnlyList<string> Include { get; } = include;
}
