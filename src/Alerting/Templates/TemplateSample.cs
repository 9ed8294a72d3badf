namespace Tsdb.Alerting.Templates;

/// <summary>
/// One element of a <c>query</c> result as templates see it (Prometheus template.go's <c>sample</c>):
/// <c>.Labels</c> (map of strings, including <c>__name__</c>) and <c>.Value</c> (float64).
/// </summary>
public sealed class TemplateSample(IReadOnlyDictionary<string, string> labels, double value) : ITemplateObject
{
    public IReadOnlyDictionary<string, string> Labels { get; } = labels;

    public double Value { get; } = value;

    public bool TryGetField(string name, out object? value)
    {
        switch (name)
        {
            case "Labels":
                value = Labels;
                return true;
            case "Value":
                value = Value;
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary>Go prints a *sample as <c>&amp;{map[...] value}</c>.</summary>
    public override string ToString() => "&{" + GoFormat.V(Labels) + " " + GoFormat.V(Value) + "}";
}
