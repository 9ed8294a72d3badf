namespace Tsdb.PromQL.PromqlTest;

/// <summary>A parsed promqltest script: its commands in file order.</summary>
public sealed class PromqlTestScript(string file, IReadOnlyList<ScriptCommand> commands)
{
    /// <summary>The file name used in results and messages.</summary>
    public string File { get; } = file;

    public IReadOnlyList<ScriptCommand> Commands { get; } = commands;

    public IEnumerable<EvalCommand> Evals => Commands.OfType<EvalCommand>();
}
