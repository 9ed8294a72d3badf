using System.Text;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// TEMPORARY adapter until the Go-template engine (Tsdb.Alerting.Templates) lands: plain text plus
/// <c>{{ $labels.x }}</c>, <c>{{ .Labels.x }}</c>, <c>{{ $value }}</c>, <c>{{ .Value }}</c>,
/// <c>{{ $externalLabels.x }}</c> and <c>{{ $externalURL }}</c>. Anything else expands to
/// <c>&lt;error expanding template: ...&gt;</c>.
/// </summary>
internal sealed class RuleTemplates : IRuleTemplates
{
    public static readonly IRuleTemplates Default = new RuleTemplates();

    public string Expand(string text, RuleTemplateData data)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder();
        var pos = 0;
        while (pos < text.Length)
        {
            var open = text.IndexOf("{{", pos, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(text, pos, text.Length - pos);
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return $"<error expanding template: template: {data.TemplateName}: unclosed action>";
            }

            var before = text[pos..open];
            var action = text[(open + 2)..close];
            if (action.StartsWith('-'))
            {
                before = before.TrimEnd();
                action = action[1..];
            }

            var trimAfter = action.EndsWith('-');
            if (trimAfter)
            {
                action = action[..^1];
            }

            sb.Append(before);
            var value = Eval(action.Trim(), data);
            if (value is null)
            {
                return $"<error expanding template: template: {data.TemplateName}: unsupported action {{{{{action.Trim()}}}}}>";
            }

            sb.Append(value);
            pos = close + 2;
            if (trimAfter)
            {
                while (pos < text.Length && char.IsWhiteSpace(text[pos]))
                {
                    pos++;
                }
            }
        }

        return sb.ToString();
    }

    public string? Validate(string text)
    {
        var pos = 0;
        while ((pos = text.IndexOf("{{", pos, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf("}}", pos + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return "template: __alert: unclosed action";
            }

            pos = close + 2;
        }

        return null;
    }

    private static string? Eval(string action, RuleTemplateData data)
    {
        if (action is "$value" or ".Value")
        {
            return GoFloat.FormatV(data.Value);
        }

        if (action is "$externalURL" or ".ExternalURL")
        {
            return data.ExternalUrl;
        }

        if (Field(action, "$labels.", ".Labels.") is { } l)
        {
            return Lookup(data.Labels, l);
        }

        if (Field(action, "$externalLabels.", ".ExternalLabels.") is { } e)
        {
            return Lookup(data.ExternalLabels, e);
        }

        return null;
    }

    private static string? Field(string action, string a, string b) =>
        action.StartsWith(a, StringComparison.Ordinal) ? action[a.Length..]
        : action.StartsWith(b, StringComparison.Ordinal) ? action[b.Length..]
        : null;

    // Go's text/template prints "<no value>" for a missing map key.
    private static string Lookup(Labels labels, string name) => labels.Has(name) ? labels.Get(name) : "<no value>";
}
