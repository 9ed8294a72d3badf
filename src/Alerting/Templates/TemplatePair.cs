namespace Tsdb.Alerting.Templates;

/// <summary>Alertmanager's <c>Pair</c>: <c>.Name</c>, <c>.Value</c>.</summary>
public sealed record TemplatePair(string Name, string Value) : ITemplateObject
{
    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Name" => Name,
            "Value" => Value,
            _ => null,
        };
        return value is not null;
    }

    public override string ToString() => "{" + Name + " " + Value + "}";
}
