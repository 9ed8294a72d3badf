namespace Tsdb.PromQL.Ast;

/// <summary>The <c>@ start()</c> / <c>@ end()</c> preprocessor of a selector or subquery.</summary>
public enum StartOrEnd : byte
{
    None,
    Start,
    End,
}
