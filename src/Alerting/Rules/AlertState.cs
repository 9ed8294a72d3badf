namespace Tsdb.Alerting.Rules;

/// <summary>Prometheus rules.AlertState; the order is the precedence used for a rule's state (firing wins).</summary>
public enum AlertState : byte
{
    Inactive,
    Pending,
    Firing,
}

/// <summary>Prometheus rules.RuleHealth.</summary>
public enum RuleHealth : byte
{
    Unknown,
    Ok,
    Err,
}

public static class RuleEnumNames
{
    public static string Name(this AlertState s) => s switch
    {
        AlertState.Pending => "pending",
        AlertState.Firing => "firing",
        _ => "inactive",
    };

    public static string Name(this RuleHealth h) => h switch
    {
        RuleHealth.Ok => "ok",
        RuleHealth.Err => "err",
        _ => "unknown",
    };
}
