namespace Tsdb.Alerting.Templates;

/// <summary>
/// Optional: the value <c>toJson</c> serialises for an object (dictionaries, lists, strings, numbers,
/// bools, times), mirroring the struct's JSON tags in Go.
/// </summary>
public interface ITemplateJsonValue
{
    object? ToJsonValue();
}
