namespace Tsdb.Alerting.Templates;

/// <summary>A Go method value: called with the command's arguments (and the piped value last).</summary>
public delegate object? TemplateMethod(params object?[] args);
