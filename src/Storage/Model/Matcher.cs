using System.Text;
using System.Text.RegularExpressions;

namespace Tsdb.Storage;

/// <summary>
/// A label matcher (<c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>). Regexes are fully anchored and
/// <c>.</c> matches newlines, as in Prometheus 3. A regex that is a plain alternation of literals
/// (<c>a|b|c</c>) exposes <see cref="SetMatches"/> so the index can answer it from postings.
/// </summary>
public sealed class Matcher
{
    /// <summary>Bounds catastrophic backtracking; RE2 (Prometheus) cannot backtrack at all.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private readonly Regex? _regex;

    public Matcher(MatchType type, string name, string value)
    {
        Type = type;
        Name = name;
        Value = value;
        if (type is MatchType.Regex or MatchType.NotRegex)
        {
            SetMatches = TryLiteralAlternation(value);
            if (SetMatches is null)
            {
                _regex = Compile(value);
            }
        }
    }

    public MatchType Type { get; }

    public string Name { get; }

    public string Value { get; }

    /// <summary>For a regex that is only literals joined by '|': those literals; otherwise null.</summary>
    public IReadOnlyList<string>? SetMatches { get; }

    public static Matcher Equal(string name, string value) => new(MatchType.Equal, name, value);

    public static Matcher NotEqual(string name, string value) => new(MatchType.NotEqual, name, value);

    public static Matcher Regex(string name, string value) => new(MatchType.Regex, name, value);

    public static Matcher NotRegex(string name, string value) => new(MatchType.NotRegex, name, value);

    /// <summary>Whether a label value (empty when the label is absent) matches.</summary>
    public bool Matches(string value) => Type switch
    {
        MatchType.Equal => value == Value,
        MatchType.NotEqual => value != Value,
        MatchType.Regex => RegexMatches(value),
        MatchType.NotRegex => !RegexMatches(value),
        _ => false,
    };

    /// <summary>True when the empty string matches, i.e. series without the label are selected.</summary>
    public bool MatchesEmpty => Matches("");

    private bool RegexMatches(string value)
    {
        if (SetMatches is not null)
        {
            foreach (var s in SetMatches)
            {
                if (s == value)
                {
                    return true;
                }
            }

            return false;
        }

        return _regex!.IsMatch(value);
    }

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex("^(?:" + pattern + ")$",
                RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.Compiled,
                RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new InvalidMatcherException($"error parsing regexp: {e.Message}: `{pattern}`", e);
        }
    }

    private static List<string>? TryLiteralAlternation(string pattern)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '|')
            {
                result.Add(sb.ToString());
                sb.Clear();
                continue;
            }

            if (c == '\\' && i + 1 < pattern.Length && IsMeta(pattern[i + 1]))
            {
                sb.Append(pattern[++i]);
                continue;
            }

            if (IsMeta(c))
            {
                return null;
            }

            sb.Append(c);
        }

        result.Add(sb.ToString());
        return result;
    }

    private static bool IsMeta(char c) => c is '\\' or '.' or '+' or '*' or '?' or '(' or ')' or '|' or '[' or ']' or '{' or '}' or '^' or '$';

    public override string ToString()
    {
        var op = Type switch
        {
            MatchType.Equal => "=",
            MatchType.NotEqual => "!=",
            MatchType.Regex => "=~",
            _ => "!~",
        };
        return $"{Name}{op}\"{Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }
}

/// <summary>A matcher that cannot be built, e.g. a regex that does not compile.</summary>
public sealed class InvalidMatcherException(string message, Exception? inner = null) : Exception(message, inner);
