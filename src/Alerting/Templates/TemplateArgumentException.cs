namespace Tsdb.Alerting.Templates;

/// <summary>
/// Thrown by a template function when an argument has the wrong type. The executor reports the message
/// as is (Go reports argument conversion failures without the "error calling f:" prefix).
/// </summary>
public sealed class TemplateArgumentException : Exception
{
    public TemplateArgumentException(string message)
        : base(message)
    {
    }
}
