using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>Go's net/url escaping.</summary>
internal static class GoEscape
{
    /// <summary><c>url.QueryEscape</c>: space becomes <c>+</c>, unreserved bytes stay, the rest is %XX.</summary>
    public static string QueryEscape(string s) => Escape(s, spaceAsPlus: true);

    /// <summary><c>url.PathEscape</c>.</summary>
    public static string PathEscape(string s) => Escape(s, spaceAsPlus: false);

    private static string Escape(string s, bool spaceAsPlus)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else if (c == ' ' && spaceAsPlus)
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
