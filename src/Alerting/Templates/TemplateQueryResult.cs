namespace Tsdb.Alerting.Templates;

/// <summary>The result of <c>query</c> (Go's <c>queryResult</c>, a list of samples).</summary>
public sealed class TemplateQueryResult : List<object?>
{
    public TemplateQueryResult(IEnumerable<object?> samples)
        : base(samples)
    {
    }
}
