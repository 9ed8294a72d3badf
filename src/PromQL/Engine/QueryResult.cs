namespace Tsdb.PromQL;

/// <summary>A query's value with the annotations Prometheus attaches (warnings and infos).</summary>
public sealed class QueryResult(QueryValue value, IReadOnlyList<string> warnings, IReadOnlyList<string> infos)
{
    public QueryValue Value { get; } = value;

    public IReadOnlyList<string> Warnings { get; } = warnings;

    public IReadOnlyList<string> Infos { get; } = infos;
}
