namespace Tsdb.PromQL.PromqlTest;

/// <summary>The <c>expect &lt;type&gt;</c> lines of an eval command.</summary>
public enum ExpectationKind : byte
{
    Ordered,
    Fail,
    Warn,
    NoWarn,
    Info,
    NoInfo,
}
