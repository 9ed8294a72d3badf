using System.Collections.Concurrent;
using Tsdb.Alerting.Templates;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// Renders the templated fields of receiver configs with the Go template engine, over our default
/// definitions plus the config's <c>templates:</c> files (which may override them), with
/// Alertmanager's functions and <c>missingkey=zero</c>. Parsed field templates are cached.
/// </summary>
public sealed class NotificationTemplater
{
    public static readonly NotificationTemplater Default = new([]);

    private readonly GoTemplate _set;
    private readonly TemplateFunctions _functions = AlertmanagerTemplateFunctions.Create();
    private readonly ConcurrentDictionary<string, GoTemplate> _cache = new(StringComparer.Ordinal);

    /// <param name="files">(name, text) of template files, added after the defaults in order.</param>
    public NotificationTemplater(IReadOnlyList<(string Name, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _set = GoTemplate.Parse("default.tmpl", DefaultTemplateText.Text, _functions, GoTemplateOptions.MissingKeyZero);
        foreach (var (name, text) in files)
        {
            _set.AddDefinitions(text, name);
        }
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="TemplateException"/> with Go's message when it is not a valid template.</summary>
    public void Validate(string text) => Parsed(text);

    /// <summary>Executes <paramref name="text"/> over <paramref name="data"/>; throws <see cref="TemplateException"/> on execution errors.</summary>
    public string Render(string text, NotificationData data)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        return Parsed(text).Execute(new TemplateDataObject(data));
    }

    private GoTemplate Parsed(string text) =>
        _cache.GetOrAdd(text, t => GoTemplate.Parse("", t, _functions, GoTemplateOptions.MissingKeyZero, _set));
}
