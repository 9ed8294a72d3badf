namespace Tsdb.Alerting.Templates;

/// <summary>Alertmanager's <c>Pairs</c>: a list with <c>Names</c>, <c>Values</c> and <c>String</c> (<c>a=1, b=2</c>).</summary>
public sealed class TemplatePairs : List<TemplatePair>, ITemplateObject
{
    public List<string> Names() => ConvertAll(static p => p.Name);

    public List<string> Values() => ConvertAll(static p => p.Value);

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Names" => new TemplateMethod(_ => Names()),
            "Values" => new TemplateMethod(_ => Values()),
            "String" => new TemplateMethod(_ => ToString()),
            _ => null,
        };
        return value is not null;
    }

    public override string ToString() => string.Join(", ", ConvertAll(static p => p.Name + "=" + p.Value));
}
