using System.Collections.Concurrent;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Expands alerting-rule labels and annotations the way Prometheus's alerting.go does: the text gets the
/// prelude <c>{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}</c>,
/// is parsed as template <c>__alert_&lt;rule name&gt;</c> with <c>missingkey=zero</c>, and any failure becomes
/// the text <c>&lt;error expanding template: ...&gt;</c> instead of an exception. Parsed templates are cached per
/// (rule name, text), so repeated evaluations only execute. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var expander = new RuleTemplateExpander(q => engine.InstantQuery(q, evalTime), "http://prom:9090", externalLabels);
/// var summary = expander.Expand("HighLatency", "{{ $labels.instance }} is at {{ $value | humanize }}s", alertLabels, sampleValue, evalTime);
/// </code>
/// </example>
public sealed class RuleTemplateExpander
{
    /// <summary>Prometheus prepends exactly this, so error columns match Prometheus's.</summary>
    public const string Prelude = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    private const int MaxCacheEntries = 10_000;

    private static readonly TemplateFunctions ValidationFunctions = PrometheusTemplateFunctions.Create();

    private readonly ConcurrentDictionary<(string Name, string Text), object> _cache = new();
    private readonly Func<string, DateTime, IReadOnlyList<TemplateSample>>? _query;
    private readonly TemplateFunctions _functions;
    private readonly IReadOnlyDictionary<string, string> _externalLabels;

    /// <param name="query">Runs an instant query at the evaluation time, for the <c>query</c> function; exceptions
    /// become the template error. Null: <c>query</c> fails.</param>
    /// <param name="externalUrl">Prometheus's <c>--web.external-url</c>.</param>
    /// <param name="externalLabels">The global external labels (<c>$externalLabels</c>).</param>
    /// <param name="extraFunctions">Added to (and overriding) Prometheus's functions.</param>
    public RuleTemplateExpander(
        Func<string, DateTime, IReadOnlyList<TemplateSample>>? query,
        string externalUrl,
        IReadOnlyDictionary<string, string>? externalLabels = null,
        TemplateFunctions? extraFunctions = null)
    {
        _query = query;
        ExternalUrl = externalUrl;
        _externalLabels = externalLabels ?? new Dictionary<string, string>();
        var functions = PrometheusTemplateFunctions.Create(null, externalUrl);
        _functions = extraFunctions is null ? functions : functions.With(extraFunctions);
    }

    public string ExternalUrl { get; }

    /// <summary>Expands one label value or annotation. Never throws.</summary>
    /// <param name="ruleName">The alert name (the template is named <c>__alert_&lt;ruleName&gt;</c>).</param>
    /// <param name="labels">The alert's labels (<c>$labels</c>).</param>
    /// <param name="value">The sample value (<c>$value</c>).</param>
    /// <param name="evaluationTime">Query time for <c>query</c> and <c>now</c>.</param>
    public string Expand(string ruleName, string text, IReadOnlyDictionary<string, string> labels, double value, DateTime evaluationTime)
    {
        // Texts without actions are the common case and need no template at all.
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        var name = "__alert_" + ruleName;
        var parsed = GetOrParse(name, text);
        if (parsed is TemplateException parseError)
        {
            return "<error expanding template: error parsing template " + name + ": " + parseError.Message + ">";
        }

        var template = (GoTemplate)parsed;
        var data = new AlertTemplateData(labels, _externalLabels, ExternalUrl, value);
        Func<string, IReadOnlyList<TemplateSample>>? query = _query is null ? null : q => _query(q, evaluationTime);
        try
        {
            return template.Execute(data, null, new PrometheusTemplateState(query, evaluationTime));
        }
        catch (TemplateException e)
        {
            return "<error expanding template: error executing template " + name + ": " + e.Message + ">";
        }
        catch (Exception e)
        {
            // A bug in a template function must not break rule evaluation (Prometheus recovers panics too).
            return "<error expanding template: panic expanding template " + name + ": " + e.Message + ">";
        }
    }

    /// <summary>
    /// Parse check for rule files (promtool rejects labels/annotations whose templates do not parse): null if
    /// <paramref name="text"/> parses with the prelude and Prometheus's functions, else Go's parse error.
    /// </summary>
    public static string? Validate(string text, string ruleName = "")
    {
        try
        {
            GoTemplate.Parse("__alert_" + ruleName, Prelude + text, ValidationFunctions, GoTemplateOptions.MissingKeyZero);
            return null;
        }
        catch (TemplateException e)
        {
            return e.Message;
        }
    }

    private object GetOrParse(string name, string text)
    {
        if (_cache.TryGetValue((name, text), out var cached))
        {
            return cached;
        }

        object result;
        try
        {
            result = GoTemplate.Parse(name, Prelude + text, _functions, GoTemplateOptions.MissingKeyZero);
        }
        catch (TemplateException e)
        {
            result = e;
        }

        // Rule texts are a bounded set; the cap only guards against label values that differ per alert.
        if (_cache.Count >= MaxCacheEntries)
        {
            _cache.Clear();
        }

        _cache[(name, text)] = result;
        return result;
    }
}
