namespace Tsdb.PromQL.Ast;

/// <summary>A range of character offsets into the query text, <see cref="Start"/> inclusive, <see cref="End"/> exclusive.</summary>
public readonly record struct PositionRange(int Start, int End);
