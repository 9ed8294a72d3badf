namespace Tsdb.Alerting.Templates;

/// <summary>
/// A Go struct as seen by a template: named fields and methods, looked up by name without reflection.
/// A field whose value is a <see cref="TemplateMethod"/> is a method: <c>{{ .Labels.Remove .Names }}</c>
/// calls it with the arguments that follow it in the command.
/// </summary>
/// <remarks>
/// When an object is both an <see cref="ITemplateObject"/> and a string-keyed dictionary (Alertmanager's
/// <c>KV</c>), the template looks up <see cref="TryGetField"/> first and then the dictionary, the order in
/// which Go looks up methods before map keys. <see cref="object.ToString"/> plays the part of Go's
/// <c>String()</c> method when the object is printed.
/// </remarks>
public interface ITemplateObject
{
    bool TryGetField(string name, out object? value);
}
