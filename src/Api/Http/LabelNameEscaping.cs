using System.Globalization;
using System.Text;

namespace Tsdb.Api.Http;

/// <summary>
/// Prometheus's "values" escaping of label names in URL paths (<c>/api/v1/label/U__.../values</c>):
/// a <c>U__</c> prefix, <c>__</c> for <c>_</c>, and <c>_&lt;hex code point&gt;_</c> for any other
/// character that is not legal in a legacy name. Grafana sends UTF-8 label names this way.
/// </summary>
internal static class LabelNameEscaping
{
    public static string Unescape(string name)
    {
        if (!name.StartsWith("U__", StringComparison.Ordinal))
        {
            return name;
        }

        var s = name.AsSpan(3);
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '_')
            {
                sb.Append(s[i]);
                continue;
            }

            if (i + 1 < s.Length && s[i + 1] == '_')
            {
                sb.Append('_');
                i++;
                continue;
            }

            var end = s[(i + 1)..].IndexOf('_');
            if (end <= 0 || end > 6 || !int.TryParse(s.Slice(i + 1, end), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
                || cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            {
                // Not a valid escape: Prometheus then uses the name as given.
                return name;
            }

            sb.Append(char.ConvertFromUtf32(cp));
            i += end + 1;
        }

        return sb.ToString();
    }
}
