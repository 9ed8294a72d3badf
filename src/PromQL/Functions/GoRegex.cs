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
        var multiline = false;
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
                // Backreferences, \k<name> and \Z do not exist in RE2.
                if (!inClass && ((n >= '1' && n <= '9') || n == 'k' || n == 'Z'))
                {
                    return null;
                }

                i++;
                switch (n)
                {
                    // Perl classes are ASCII-only in Go, Unicode-aware in .NET.
                    case 'd':
                        sb.Append(inClass ? "0-9" : "[0-9]");
                        continue;
                    case 'w':
                        sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]");
                        continue;
                    case 's':
                        sb.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
                        continue;
                    case 'D' when !inClass:
                        sb.Append("[^0-9]");
                        continue;
                    case 'W' when !inClass:
                        sb.Append("[^0-9A-Za-z_]");
                        continue;
                    case 'S' when !inClass:
                        sb.Append("[^\\t\\n\\f\\r ]");
                        continue;
                    case 'p' or 'P' when i + 1 < pattern.Length && pattern[i + 1] != '{':
                        // Go's one-letter form \pL is \p{L} in .NET.
                        sb.Append('\\').Append(n).Append('{').Append(pattern[i + 1]).Append('}');
                        i++;
                        continue;
                    case 'Q':
                    {
                        var end = pattern.IndexOf("\\E", i + 1, StringComparison.Ordinal);
                        var literal = end < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..end];
                        sb.Append(inClass ? EscapeInClass(literal) : Regex.Escape(literal));
                        i = end < 0 ? pattern.Length : end + 1;
                        continue;
                    }
                }

                sb.Append(c).Append(n);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var posix = PosixClass(pattern[(i + 2)..close]);
                        if (posix == null)
                        {
                            return null;
                        }

                        sb.Append(posix);
                        i = close + 1;
                        continue;
                    }
                }

                sb.Append(c);
                continue;
            }

            if (c == '$' && !multiline)
            {
                // Without (?m) Go's $ only matches at the very end; .NET's also before a final newline.
                sb.Append("\\z");
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
                    // Flags: (?flags) or (?flags:re); RE2 knows i, m, s and U.
                    var j = i + 2;
                    var negate = false;
                    while (j < pattern.Length && pattern[j] != ')' && pattern[j] != ':')
                    {
                        if (pattern[j] == '-')
                        {
                            negate = true;
                        }
                        else if (pattern[j] == 'm' && !negate)
                        {
                            multiline = true;
                        }

                        j++;
                    }

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

    /// <summary>Go's ASCII POSIX classes as .NET class content; null for the negated forms we do not translate.</summary>
    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };

    private static string EscapeInClass(string literal)
    {
        var sb = new StringBuilder(literal.Length * 2);
        foreach (var ch in literal)
        {
            if (ch is '\\' or ']' or '[' or '^' or '-')
            {
                sb.Append('\\');
            }

            sb.Append(ch);
        }

        return sb.ToString();
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
