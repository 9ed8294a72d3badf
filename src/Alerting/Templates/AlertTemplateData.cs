namespace Tsdb.Alerting.Templates;

/// <summary>
/// The dot of an alerting rule's label/annotation template (Prometheus's AlertTemplateData):
/// <c>.Labels</c>, <c>.ExternalLabels</c>, <c>.ExternalURL</c>, <c>.Value</c>.
/// </summary>
public sealed class AlertTemplateData(
    IReadOnlyDictionary<string, string> labels,
    IReadOnlyDictionary<string, string> externalLabels,
    string externalUrl,
    double value) : ITemplateObject
{
    public IReadOnlyDictionary<string, string> Labels { get; } = labels;

    public IReadOnlyDictionary<string, string> ExternalLabels { get; } = externalLabels;

    public string ExternalUrl { get; } = externalUrl;

    public double Value { get; } = value;

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Labels" => Labels,
            "ExternalLabels" => ExternalLabels,
            "ExternalURL" => ExternalUrl,
            "Value" => Value,
            _ => null,
        };
        return name is "Labels" or "ExternalLabels" or "ExternalURL" or "Value";
    }

    public override string ToString() =>
        "{" + GoFormat.V(Labels) + " " + GoFormat.V(ExternalLabels) + " " + ExternalUrl + " " + GoFormat.V(Value) + "}";
}
