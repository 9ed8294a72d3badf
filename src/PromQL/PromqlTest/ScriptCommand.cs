namespace Tsdb.PromQL.PromqlTest;

/// <summary>One command of a promqltest script: <see cref="LoadCommand"/>, <see cref="ClearCommand"/> or <see cref="EvalCommand"/>.</summary>
public abstract class ScriptCommand(int line)
{
    /// <summary>1-based line of the command in its script.</summary>
    public int Line { get; } = line;
}
