namespace Tsdb.PromQL.PromqlTest;

/// <summary><c>clear</c>: drops all loaded data (the runner starts a fresh storage).</summary>
public sealed class ClearCommand(int line) : ScriptCommand(line)
{
    public override string ToString() => "clear";
}
