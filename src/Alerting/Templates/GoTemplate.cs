using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// A parsed Go text/template: parse once, execute many times (concurrently). Named templates from
/// <c>{{define}}</c>/<c>{{block}}</c> live in the template's set; <see cref="AddDefinitions"/> adds more
/// from another text, and a <paramref name="shared"/> template given at parse time lends its definitions
/// (how a notifier reuses Alertmanager's default.tmpl for every config field).
/// </summary>
/// <example>
/// <code>
/// var t = GoTemplate.Parse("x", "{{ range $k, $v := . }}{{ $k }}={{ $v }} {{ end }}", TemplateFunctions.Empty);
/// t.Execute(new Dictionary&lt;string, string&gt; { ["a"] = "1" }); // "a=1 "
/// </code>
/// </example>
public sealed class GoTemplate
{
    private readonly Dictionary<string, TemplateTree> _definitions = new(StringComparer.Ordinal);
    private readonly GoTemplate? _shared;
    private readonly TemplateTree _root;

    private GoTemplate(string name, string text, TemplateFunctions functions, GoTemplateOptions options, GoTemplate? shared)
    {
        Name = name;
        Functions = functions;
        Options = options;
        _shared = shared;
        var root = TemplateParser.Parse(name, text, HasFunction, options.Variables, _definitions);
        _root = new TemplateTree(name, name, text, root);
    }

    public string Name { get; }

    public TemplateFunctions Functions { get; }

    public GoTemplateOptions Options { get; }

    /// <summary>Names of the templates defined in this set (not counting the shared one).</summary>
    public IEnumerable<string> DefinedTemplates => _definitions.Keys;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="TemplateException"/> with Go's message.</summary>
    public static GoTemplate Parse(string name, string text, TemplateFunctions functions, GoTemplateOptions? options = null, GoTemplate? shared = null) =>
        new(name, text, functions, options ?? GoTemplateOptions.Default, shared);

    /// <summary>
    /// Parses <paramref name="text"/> (e.g. a template file) and adds its <c>{{define}}</c>s to this set,
    /// replacing same-named ones unless the new body is empty. Text outside definitions is ignored. Not
    /// thread-safe against concurrent <see cref="Execute"/>: add definitions before sharing the template.
    /// </summary>
    public GoTemplate AddDefinitions(string text, string? name = null)
    {
        var added = new Dictionary<string, TemplateTree>(StringComparer.Ordinal);
        TemplateParser.Parse(name ?? Name, text, HasFunction, [], added);
        foreach (var (key, tree) in added)
        {
            if (!_definitions.TryGetValue(key, out var existing) || TemplateParser.IsEmptyTree(existing.Root) || !TemplateParser.IsEmptyTree(tree.Root))
            {
                _definitions[key] = tree;
            }
        }

        return this;
    }

    public bool HasTemplate(string name) => Lookup(name) is not null;

    /// <summary>Executes the main text with <paramref name="dot"/> as <c>.</c> and <c>$</c>.</summary>
    /// <param name="dot">The data (<c>.</c>); see <c>GoValues</c> for the value model.</param>
    /// <param name="variables">Values for the variables named in <see cref="GoTemplateOptions.Variables"/>.</param>
    /// <param name="state">Handed to functions as <see cref="ITemplateContext.State"/> (per-call query time, query function).</param>
    public string Execute(object? dot, IReadOnlyDictionary<string, object?>? variables = null, object? state = null)
    {
        var sb = new StringBuilder();
        new TemplateExecutor(this, _root, sb, state).Run(dot, variables);
        return sb.ToString();
    }

    /// <summary>Executes a named template of the set, like Go's ExecuteTemplate.</summary>
    public string ExecuteTemplate(string name, object? dot, object? state = null)
    {
        var tree = Lookup(name) ?? throw new TemplateException("template: no template " + GoFormat.Quote(name) + " associated with template " + GoFormat.Quote(Name));
        var sb = new StringBuilder();
        new TemplateExecutor(this, tree, sb, state).Run(dot, null);
        return sb.ToString();
    }

    internal TemplateTree? Lookup(string name)
    {
        if (_definitions.TryGetValue(name, out var t))
        {
            return t;
        }

        if (name == Name && !TemplateParser.IsEmptyTree(_root.Root))
        {
            return _root;
        }

        return _shared?.Lookup(name);
    }

    private bool HasFunction(string name) => Functions.Contains(name) || BuiltinFunctions.Table.Contains(name);
}
