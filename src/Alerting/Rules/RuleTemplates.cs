using Tsdb.Alerting.Templates;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// The rule engine's templates on top of the Go-template engine (<see cref="RuleTemplateExpander"/>):
/// the Prometheus prelude, every template function and <c>query</c> backed by the rule manager's
/// engine. One expander (and its parsed-template cache) is kept per external URL and labels, which
/// change only on reload.
/// </summary>
internal sealed class RuleTemplates(Func<string, DateTime, IReadOnlyList<(Labels Labels, double Value)>>? query) : IRuleTemplates
{
    /// <summary>For validation only (rule files, <c>tsdb check rules</c>): <c>query</c> is not available.</summary>
    public static readonly IRuleTemplates Validation = new RuleTemplates(null);

    private readonly Lock _lock = new();
    private (string Url, Labels External, RuleTemplateExpander Expander)? _current;

    public string Expand(string text, RuleTemplateData data)
    {
        // Plain text is the common case; it needs neither an expander nor a dictionary of labels.
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        var name = data.TemplateName.StartsWith("__alert_", StringComparison.Ordinal) ? data.TemplateName["__alert_".Length..] : data.TemplateName;
        return ExpanderFor(data.ExternalUrl, data.ExternalLabels).Expand(name, text, ToMap(data.Labels), data.Value, data.Timestamp);
    }

    public string? Validate(string text, string ruleName) =>
        text.Contains("{{", StringComparison.Ordinal) ? RuleTemplateExpander.Validate(text, ruleName) : null;

    private RuleTemplateExpander ExpanderFor(string url, Labels external)
    {
        lock (_lock)
        {
            if (_current is { } c && c.Url == url && c.External.Equals(external))
            {
                return c.Expander;
            }

            Func<string, DateTime, IReadOnlyList<TemplateSample>>? q = query is null ? null : (expr, t) =>
                query(expr, t).Select(s => new TemplateSample(ToMap(s.Labels), s.Value)).ToList();
            var expander = new RuleTemplateExpander(q, url, ToMap(external));
            _current = (url, external, expander);
            return expander;
        }
    }

    private static Dictionary<string, string> ToMap(Labels labels)
    {
        var map = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var l in labels)
        {
            map[l.Name] = l.Value;
        }

        return map;
    }
}
