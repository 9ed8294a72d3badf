using System.Text;
using System.Text.RegularExpressions;

namespace Tsdb.Scrape.Relabel;

/// <summary>
/// Go's <c>regexp.Expand</c> template syntax, which relabel replacements and target labels use:
/// <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c> for a literal dollar. A name is the
/// longest run of letters, digits and '_' (so <c>$1x</c> refers to group "1x", which does not
/// exist, and expands to nothing, exactly the Prometheus gotcha); a malformed reference keeps the '$'.
/// </summary>
internal static class GoExpand
{
    public static string Expand(string template, Regex regex, Match match)
    {
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var sb = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            if (!TryExtract(template, i, out var name, out var next))
            {
                sb.Append('$');
                continue;
            }

            i = next;
            sb.Append(GroupValue(regex, match, name));
        }

        return sb.ToString();
    }

    private static string GroupValue(Regex regex, Match match, string name)
    {
        if (IsAllDigits(name))
        {
            // Go parses the number; one beyond int range, or a group that does not exist, is empty.
            if (name.Length > 8 || !int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var num))
            {
                return "";
            }

            // .NET numbers named groups after the unnamed ones, like RE2, except that RE2 numbers all
            // groups left to right; map via the group's name list to stay positional.
            var g = NumberedGroup(regex, match, num);
            return g is { Success: true } ? g.Value : "";
        }

        var named = match.Groups[name];
        return named.Success && regex.GroupNumberFromName(name) >= 0 ? named.Value : "";
    }

    // RE2 numbers capture groups by the position of their opening parenthesis, named or not; .NET puts
    // named groups after all unnamed ones. Ordering the groups by their index in the pattern restores
    // RE2's numbering (for a group that never matched, fall back to .NET's numbering).
    private static Group? NumberedGroup(Regex regex, Match match, int num)
    {
        if (num == 0)
        {
            return match.Groups[0];
        }

        var names = regex.GetGroupNames();
        var hasNamed = false;
        foreach (var n in names)
        {
            if (!IsAllDigits(n))
            {
                hasNamed = true;
                break;
            }
        }

        if (!hasNamed)
        {
            return num < match.Groups.Count ? match.Groups[num] : null;
        }

        var order = RegexGroupOrder.Get(regex);
        return num < order.Length ? match.Groups[order[num]] : null;
    }

    private static bool TryExtract(string t, int i, out string name, out int next)
    {
        name = "";
        next = i;
        if (i >= t.Length)
        {
            return false;
        }

        var brace = t[i] == '{';
        if (brace)
        {
            i++;
        }

        var start = i;
        while (i < t.Length && (char.IsAsciiLetterOrDigit(t[i]) || t[i] == '_'))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        name = t[start..i];
        if (brace)
        {
            if (i >= t.Length || t[i] != '}')
            {
                return false;
            }

            i++;
        }

        next = i;
        return true;
    }

    private static bool IsAllDigits(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
