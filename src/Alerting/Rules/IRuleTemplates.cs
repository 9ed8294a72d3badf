using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// The seam between rules and the Go-template engine: alert labels and annotations are expanded
/// with the Prometheus prelude (<c>$labels</c>, <c>$value</c>, <c>$externalLabels</c>,
/// <c>$externalURL</c>) and a <c>query</c> function. Expansion never throws: a failing template
/// yields <c>&lt;error expanding template: ...&gt;</c> as in Prometheus's alerting.go.
/// </summary>
public interface IRuleTemplates
{
    string Expand(string text, RuleTemplateData data);

    /// <summary>Null when <paramref name="text"/> parses as a template of alerting rule <paramref name="ruleName"/>, else the parse error.</summary>
    string? Validate(string text, string ruleName);
}

/// <summary>What a rule template sees. <see cref="Query"/> runs an instant query at <see cref="Timestamp"/>.</summary>
public sealed record RuleTemplateData(
    string TemplateName,
    Labels Labels,
    double Value,
    Labels ExternalLabels,
    string ExternalUrl,
    DateTime Timestamp,
    Func<string, IReadOnlyList<(Labels Labels, double Value)>> Query);
