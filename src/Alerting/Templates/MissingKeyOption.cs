namespace Tsdb.Alerting.Templates;

/// <summary>Go's <c>Option("missingkey=...")</c>: what a map lookup of an absent key yields.</summary>
public enum MissingKeyOption : byte
{
    /// <summary><c>missingkey=default</c>: the invalid value, printed as <c>&lt;no value&gt;</c>.</summary>
    Default,

    /// <summary>
    /// <c>missingkey=zero</c> (Prometheus and Alertmanager): the map's zero value, so an absent label in a
    /// string map prints as the empty string. For maps of arbitrary values the zero value is nil, which
    /// still prints <c>&lt;no value&gt;</c>, exactly as in Go.
    /// </summary>
    Zero,

    /// <summary><c>missingkey=error</c>: execution stops with <c>map has no entry for key "x"</c>.</summary>
    Error,
}
