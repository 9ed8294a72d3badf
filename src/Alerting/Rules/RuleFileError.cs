namespace Tsdb.Alerting.Rules;

/// <summary>
/// One problem in a rule file. Reads like promtool's: <c>FILE: 7:15: group "g", rule 2, "name": could not
/// parse expression: ...</c> when the offending YAML node is known (line:column of the value, as
/// rulefmt reports it), <c>FILE: line 7: ...</c> for structural YAML errors.
/// </summary>
public sealed record RuleFileError(string File, int Line, string? Group, int RuleIndex, string? RuleName, string Message, int Column = 0)
{
    public override string ToString()
    {
        var where = Line <= 0 ? "" : Column > 0 ? $"{Line}:{Column}: " : $"line {Line}: ";
        var rule = Group is null ? "" : RuleIndex > 0 ? $"group \"{Group}\", rule {RuleIndex}, \"{RuleName}\": " : $"group \"{Group}\": ";
        return $"{File}: {where}{rule}{Message}";
    }
}
