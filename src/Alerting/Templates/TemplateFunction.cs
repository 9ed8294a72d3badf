namespace Tsdb.Alerting.Templates;

/// <summary>
/// One template function. Errors are reported by throwing: any exception becomes Go's
/// <c>error calling name: message</c>, except <see cref="TemplateArgumentException"/> (a wrong argument
/// type), which is reported without the prefix.
/// </summary>
public sealed class TemplateFunction
{
    public TemplateFunction(string name, int minArgs, int maxArgs, Func<ITemplateContext, object?[], object?> invoke)
    {
        Name = name;
        MinArgs = minArgs;
        MaxArgs = maxArgs;
        Invoke = invoke;
    }

    public string Name { get; }

    public int MinArgs { get; }

    /// <summary>-1 for variadic.</summary>
    public int MaxArgs { get; }

    public Func<ITemplateContext, object?[], object?> Invoke { get; }
}
