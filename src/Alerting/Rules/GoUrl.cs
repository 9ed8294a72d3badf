namespace Tsdb.Alerting.Rules;

/// <summary>Go's url.QueryEscape and Prometheus's strutil graph/table links, for generatorURL.</summary>
internal static class GoUrl
{
    public static string TableLink(string expr) => "/graph?g0.expr=" + QueryEscape(expr) + "&g0.tab=1";

    public static string GraphLink(string expr) => "/graph?g0.expr=" + QueryEscape(expr) + "&g0.tab=0";

    /// <summary>Go's url.QueryEscape (shared with the template engine's urlquery).</summary>
    public static string QueryEscape(string s) => Templates.GoEscape.QueryEscape(s);
}
