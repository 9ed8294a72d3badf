namespace Tsdb.Alerting.Templates;

/// <summary>Options fixed at parse time.</summary>
public sealed record GoTemplateOptions
{
    public static readonly GoTemplateOptions Default = new();

    /// <summary>Prometheus's and Alertmanager's choice.</summary>
    public static readonly GoTemplateOptions MissingKeyZero = new() { MissingKey = MissingKeyOption.Zero };

    public MissingKeyOption MissingKey { get; init; } = MissingKeyOption.Default;

    /// <summary>
    /// Variables (with their <c>$</c>) the text may use without declaring them; their values are passed to
    /// <see cref="GoTemplate.Execute"/>.
    /// </summary>
    public IReadOnlyList<string> Variables { get; init; } = [];
}
