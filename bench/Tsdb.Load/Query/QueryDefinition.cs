namespace Tsdb.Load.Query;

/// <summary>One dashboard query: a range query over the loaded window, or an instant query at its end.</summary>
internal sealed record QueryDefinition(string Name, bool Range, string Expr);
