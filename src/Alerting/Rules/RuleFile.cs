using Tsdb.PromQL.Ast;

namespace Tsdb.Alerting.Rules;

/// <summary>A parsed and validated rule file (Prometheus rulefmt.RuleGroups).</summary>
public sealed record RuleFile(string Path, IReadOnlyList<RuleGroupDesc> Groups)
{
    public int RuleCount => Groups.Sum(g => g.Rules.Count);
}

/// <summary>One <c>groups[]</c> entry. Null interval/query offset mean "use the global default".</summary>
public sealed record RuleGroupDesc(
    string Name,
    TimeSpan? Interval,
    int Limit,
    TimeSpan? QueryOffset,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<RuleDesc> Rules,
    int Line)
{
    public int Column { get; init; }
}

/// <summary>One rule: exactly one of <see cref="Record"/> and <see cref="Alert"/> is set.</summary>
public sealed record RuleDesc(
    string? Record,
    string? Alert,
    string Expr,
    Expr ParsedExpr,
    TimeSpan For,
    TimeSpan KeepFiringFor,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<KeyValuePair<string, string>> Annotations,
    int Line)
{
    public string Name => Record ?? Alert!;

    public bool IsAlerting => Alert is not null;
}
