namespace Tsdb.Alerting.Rules;

/// <summary>
/// Name checks for rule files. Prometheus 3 validates names as UTF-8 by default, so any non-empty
/// name is accepted; what the file can still get wrong is an empty name or, for record names,
/// a pasted selector (checked separately as promtool does).
/// </summary>
internal static class LabelNames
{
    public static bool IsValidLabelName(string name) => name.Length > 0 && !name.Contains('\uFFFD', StringComparison.Ordinal);

    public static bool IsValidMetricName(string name) => IsValidLabelName(name);
}
