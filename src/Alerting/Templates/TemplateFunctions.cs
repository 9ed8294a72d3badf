namespace Tsdb.Alerting.Templates;

/// <summary>
/// A name → function table, Go's <c>FuncMap</c>. Tables are immutable once handed to a parse: build one
/// with <see cref="With(TemplateFunctions)"/> / <see cref="Add(string, int, Func{object?[], object?})"/>
/// (both return a new table; later definitions override earlier ones, like Go's <c>Funcs</c>).
/// </summary>
public sealed class TemplateFunctions
{
    private readonly Dictionary<string, TemplateFunction> _functions;

    private TemplateFunctions(Dictionary<string, TemplateFunction> functions)
    {
        _functions = functions;
    }

    /// <summary>An empty table; Go's builtins (<c>printf</c>, <c>eq</c>, ...) are always available besides it.</summary>
    public static TemplateFunctions Empty { get; } = new(new Dictionary<string, TemplateFunction>(StringComparer.Ordinal));

    /// <summary>Go's predefined functions (and, or, not, len, index, slice, print, printf, println, eq, ...).</summary>
    public static TemplateFunctions Builtins => BuiltinFunctions.Table;

    public IEnumerable<string> Names => _functions.Keys;

    public bool TryGet(string name, out TemplateFunction function) => _functions.TryGetValue(name, out function!);

    public bool Contains(string name) => _functions.ContainsKey(name);

    /// <summary>Adds or overrides a function with a fixed number of arguments (-1: any number).</summary>
    public TemplateFunctions Add(string name, int argCount, Func<object?[], object?> invoke) =>
        Add(new TemplateFunction(name, argCount < 0 ? 0 : argCount, argCount, (_, a) => invoke(a)));

    public TemplateFunctions Add(TemplateFunction function)
    {
        var copy = new Dictionary<string, TemplateFunction>(_functions, StringComparer.Ordinal)
        {
            [function.Name] = function,
        };
        return new TemplateFunctions(copy);
    }

    /// <summary>This table overridden by <paramref name="other"/>.</summary>
    public TemplateFunctions With(TemplateFunctions other)
    {
        var copy = new Dictionary<string, TemplateFunction>(_functions, StringComparer.Ordinal);
        foreach (var (name, f) in other._functions)
        {
            copy[name] = f;
        }

        return new TemplateFunctions(copy);
    }

    internal static TemplateFunctions From(IEnumerable<TemplateFunction> functions)
    {
        var d = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        foreach (var f in functions)
        {
            d[f.Name] = f;
        }

        return new TemplateFunctions(d);
    }
}
