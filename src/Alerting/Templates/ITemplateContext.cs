namespace Tsdb.Alerting.Templates;

/// <summary>What a function sees besides its arguments: the template set it runs in (for <c>tmpl</c>).</summary>
public interface ITemplateContext
{
    /// <summary>Executes a named template of the current set with <paramref name="dot"/> and returns its output.</summary>
    string ExecuteTemplate(string name, object? dot);

    /// <summary>The per-execution state passed to <see cref="GoTemplate.Execute"/> (e.g. the query time of a rule evaluation).</summary>
    object? State { get; }
}
