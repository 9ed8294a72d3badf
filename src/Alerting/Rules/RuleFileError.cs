namespace Tsdb.Alerting.Rules;

/// <summary>
/// One problem in a rule file. Reads like promtool's
/// (<c>FILE: line 7: group "g", rule 2, "name": could not parse expression: ...</c>).
/// </summary>
public sealed record RuleFileError(string File, int Line, string? Group, int RuleIndex, string? RuleName, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"line {Line}: " : "";
        var rule = Group is null ? "" : RuleIndex > 0 ? $"group \"{Group}\", rule {RuleIndex}, \"{RuleName}\": " : $"group \"{Group}\": ";
        return $"{File}: {where}{rule}{Message}";
    }
}
