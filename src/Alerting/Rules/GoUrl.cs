using System.Text;

namespace Tsdb.Alerting.Rules;

/// <summary>Go's url.QueryEscape and Prometheus's strutil graph/table links, for generatorURL.</summary>
internal static class GoUrl
{
    public static string TableLink(string expr) => "/graph?g0.expr=" + QueryEscape(expr) + "&g0.tab=1";

    public static string GraphLink(string expr) => "/graph?g0.expr=" + QueryEscape(expr) + "&g0.tab=0";

    /// <summary>Keeps A-Z a-z 0-9 - _ . ~, turns space into '+', %XX (upper case) for every other UTF-8 byte.</summary>
    public static string QueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
        }

        return sb.ToString();
    }
}
