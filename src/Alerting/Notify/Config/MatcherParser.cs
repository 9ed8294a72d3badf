using System.Text;
using System.Text.RegularExpressions;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// Parses the matcher strings of Alertmanager configs (<c>matchers:</c>, <c>source_matchers:</c>):
/// one string may hold several comma-separated matchers, optionally in braces
/// (<c>{a="b", c=~"x|y"}</c>); values are double-quoted with Go escapes or left bare
/// (<c>severity=critical</c>), as Alertmanager's parser accepts both.
/// </summary>
public static partial class MatcherParser
{
    public static IReadOnlyList<LabelMatcher> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.StartsWith('{'))
        {
            if (!s.EndsWith('}'))
            {
                throw new FormatException($"bad matcher format: {text}: missing closing }}");
            }

            s = s[1..^1];
        }

        var result = new List<LabelMatcher>();
        var i = 0;
        while (true)
        {
            SkipSpaces(s, ref i);
            if (i >= s.Length)
            {
                break;
            }

            result.Add(ParseOne(s, ref i, text));
            SkipSpaces(s, ref i);
            if (i < s.Length)
            {
                if (s[i] != ',')
                {
                    throw new FormatException($"bad matcher format: {text}: expected comma at '{s[i..]}'");
                }

                i++;
            }
        }

        if (result.Count == 0 && text.Trim().Length > 0 && !text.Trim().StartsWith('{'))
        {
            throw new FormatException($"bad matcher format: {text}");
        }

        return result;
    }

    private static LabelMatcher ParseOne(string s, ref int i, string text)
    {
        var start = i;
        string name;
        if (s[i] == '"')
        {
            name = ReadQuoted(s, ref i, text);
        }
        else
        {
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or ':' or '.'))
            {
                i++;
            }

            name = s[start..i];
        }

        if (name.Length == 0)
        {
            throw new FormatException($"bad matcher format: {text}: missing label name");
        }

        SkipSpaces(s, ref i);
        LabelMatchType type;
        if (Starts(s, i, "=~"))
        {
            type = LabelMatchType.Regex;
            i += 2;
        }
        else if (Starts(s, i, "!~"))
        {
            type = LabelMatchType.NotRegex;
            i += 2;
        }
        else if (Starts(s, i, "!="))
        {
            type = LabelMatchType.NotEqual;
            i += 2;
        }
        else if (Starts(s, i, "=") && !Starts(s, i, "=="))
        {
            type = LabelMatchType.Equal;
            i += 1;
        }
        else
        {
            throw new FormatException($"bad matcher format: {text}: expected one of =, !=, =~, !~ after \"{name}\"");
        }

        SkipSpaces(s, ref i);
        string value;
        if (i < s.Length && s[i] == '"')
        {
            value = ReadQuoted(s, ref i, text);
        }
        else
        {
            var vs = i;
            while (i < s.Length && s[i] != ',')
            {
                if (s[i] == '"')
                {
                    throw new FormatException($"bad matcher format: {text}: unexpected quote in unquoted value");
                }

                i++;
            }

            value = s[vs..i].TrimEnd();
        }

        try
        {
            return new LabelMatcher(name, type, value);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"bad matcher format: {text}: invalid regular expression \"{value}\": {e.Message}", e);
        }
    }

    private static string ReadQuoted(string s, ref int i, string text)
    {
        var sb = new StringBuilder();
        i++;
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    var c => c,
                });
            }
            else
            {
                sb.Append(s[i]);
            }

            i++;
        }

        if (i >= s.Length)
        {
            throw new FormatException($"bad matcher format: {text}: unterminated quoted string");
        }

        i++;
        return sb.ToString();
    }

    private static bool Starts(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    internal static partial Regex LabelNameRegex();
}
