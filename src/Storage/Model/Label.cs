namespace Tsdb.Storage;

/// <summary>One name/value pair of a series' identity.</summary>
public readonly record struct Label(string Name, string Value)
{
    public const string MetricName = "__name__";

    public override string ToString() => $"{Name}=\"{Value}\"";
}
