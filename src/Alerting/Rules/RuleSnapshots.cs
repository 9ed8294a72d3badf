using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>An alert as <c>/api/v1/rules</c> and <c>/api/v1/alerts</c> show it. Unset times are <see cref="DateTime.MinValue"/>.</summary>
public sealed record AlertSnapshot(
    Labels Labels,
    Labels Annotations,
    AlertState State,
    DateTime ActiveAt,
    DateTime FiredAt,
    DateTime ResolvedAt,
    DateTime KeepFiringSince,
    double Value);

/// <summary>
/// A rule's state after its last evaluation. <see cref="Query"/> is the expression as the parser
/// prints it (Prometheus shows <c>expr.String()</c>). For recording rules the alert fields are empty.
/// <see cref="Alerts"/> holds pending and firing alerts only.
/// </summary>
public sealed record RuleSnapshot(
    string Name,
    string Query,
    bool IsAlerting,
    Labels Labels,
    Labels Annotations,
    TimeSpan For,
    TimeSpan KeepFiringFor,
    AlertState State,
    IReadOnlyList<AlertSnapshot> Alerts,
    RuleHealth Health,
    string? LastError,
    TimeSpan EvaluationTime,
    DateTime LastEvaluation);

/// <summary>A group as <c>/api/v1/rules</c> shows it.</summary>
public sealed record RuleGroupSnapshot(
    string Name,
    string File,
    TimeSpan Interval,
    int Limit,
    TimeSpan QueryOffset,
    IReadOnlyList<RuleSnapshot> Rules,
    TimeSpan EvaluationTime,
    DateTime LastEvaluation);
