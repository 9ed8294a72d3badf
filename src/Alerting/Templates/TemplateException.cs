namespace Tsdb.Alerting.Templates;

/// <summary>
/// A template failed to parse or to execute. <see cref="Exception.Message"/> is formatted the way Go's
/// text/template formats its errors (<c>template: name:1: function "foo" not defined</c>,
/// <c>template: name:1:9: executing "name" at &lt;.Labels.x&gt;: ...</c>), because rule annotations
/// embed the text verbatim in <c>&lt;error expanding template: ...&gt;</c> and users compare it with
/// what Prometheus prints.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True for a parse error, false for an execution error.</summary>
    public bool IsParseError { get; init; }
}
