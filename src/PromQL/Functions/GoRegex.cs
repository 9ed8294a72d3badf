using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Tsdb.PromQL.Funcs;

/// <summary>
/// Bridges Go (RE2) regex conventions to .NET for label_replace: Go numbers every capturing group
/// left to right, .NET numbers unnamed groups before named ones. We therefore turn named groups
/// into plain groups and keep the Go name of each group number aside.
/// </summary>
internal static class GoRegex
{
    private static readonly ConditionalWeakTable<Regex, string?[]> _names = new();

    /// <summary>Rewrites named groups to plain ones; null when the pattern uses syntax RE2 rejects.</summary>
    public static (string Pattern, string?[] Names)? Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length);
        var names = new List<string?> { null }; // group 0
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    return null;
                }

                var n = pattern[i + 1];
                // Backreferences and \k<name> do not exist in RE2.
                if (!inClass && ((n >= '1' && n <= '9') || n == 'k'))
                {
                    return null;
                }

                sb.Append(c).Append(n);
                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    sb.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    sb.Append(']');
                    i++;
                }

                continue;
            }

            if (c != '(')
            {
                sb.Append(c);
                continue;
            }

            if (i + 1 < pattern.Length && pattern[i + 1] == '?')
            {
                var rest = pattern.AsSpan(i + 2);
                int nameStart;
                if (rest.StartsWith("P<"))
                {
                    nameStart = i + 4;
                }
                else if (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!"))
                {
                    nameStart = i + 3;
                }
                else if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<") || rest.StartsWith(">")
                    || rest.StartsWith("'") || rest.StartsWith("(") || rest.StartsWith("#"))
                {
                    return null;
                }
                else
                {
                    sb.Append('(');
                    continue;
                }

                var close = pattern.IndexOf('>', nameStart);
                if (close < 0)
                {
                    return null;
                }

                var name = pattern[nameStart..close];
                if (name.Length == 0 || !IsWordName(name) || names.Contains(name))
                {
                    return null;
                }

                names.Add(name);
                sb.Append('(');
                i = close;
                continue;
            }

            names.Add(null);
            sb.Append('(');
        }

        return (sb.ToString(), names.ToArray());
    }

    public static void Register(Regex regex, string?[] names) => _names.AddOrUpdate(regex, names);

    /// <summary>Go's Regexp.Expand of <paramref name="template"/> for <paramref name="match"/>.</summary>
    public static string Expand(Regex regex, string template, Match match)
    {
        _names.TryGetValue(regex, out var names);
        var sb = new StringBuilder(template.Length + 16);
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
            i = dollar;
            if (i + 1 < template.Length && template[i + 1] == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }

            if (!Extract(template, i, out var name, out var num, out var next))
            {
                // Malformed: the '$' is literal text.
                sb.Append('$');
                i++;
                continue;
            }

            i = next;
            if (num >= 0)
            {
                if (num < match.Groups.Count && match.Groups[num].Success)
                {
                    sb.Append(match.Groups[num].Value);
                }
            }
            else if (names != null)
            {
                for (var g = 1; g < names.Length; g++)
                {
                    if (names[g] == name)
                    {
                        if (g < match.Groups.Count && match.Groups[g].Success)
                        {
                            sb.Append(match.Groups[g].Value);
                        }

                        break;
                    }
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>Go's extract: <c>$name</c> or <c>${name}</c>, name = longest run of letters, digits, '_'.</summary>
    private static bool Extract(string t, int start, out string name, out int num, out int next)
    {
        name = "";
        num = -1;
        next = start;
        if (t.Length - start < 2 || t[start] != '$')
        {
            return false;
        }

        var pos = start + 1;
        var brace = t[pos] == '{';
        if (brace)
        {
            pos++;
        }

        var nameStart = pos;
        while (pos < t.Length)
        {
            var r = RuneAt(t, pos, out var width);
            if (!(Rune.IsLetter(r) || Rune.IsDigit(r) || r.Value == '_'))
            {
                break;
            }

            pos += width;
        }

        if (pos == nameStart)
        {
            return false;
        }

        name = t[nameStart..pos];
        if (brace)
        {
            if (pos >= t.Length || t[pos] != '}')
            {
                return false;
            }

            pos++;
        }

        num = 0;
        foreach (var ch in name)
        {
            if (ch < '0' || ch > '9' || num >= 100_000_000)
            {
                num = -1;
                break;
            }

            num = num * 10 + (ch - '0');
        }

        if (name[0] == '0' && name.Length > 1)
        {
            num = -1;
        }

        next = pos;
        return true;
    }

    private static Rune RuneAt(string s, int index, out int width)
    {
        if (Rune.TryGetRuneAt(s, index, out var rune))
        {
            width = rune.Utf16SequenceLength;
            return rune;
        }

        width = 1;
        return Rune.ReplacementChar;
    }

    private static bool IsWordName(string name)
    {
        foreach (var ch in name)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
