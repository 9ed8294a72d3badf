using System.Text;
using System.Text.RegularExpressions;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

public enum LabelMatchType
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// <summary>
/// One Alertmanager label matcher (<c>name="v"</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>). Regexes are
/// fully anchored as in Alertmanager (<c>pkg/labels/matcher.go</c>); an absent label matches as "".
/// </summary>
public sealed class LabelMatcher
{
    private readonly Regex? _regex;

    public LabelMatcher(string name, LabelMatchType type, string value)
    {
        Name = name;
        Type = type;
        Value = value;
        if (type is LabelMatchType.Regex or LabelMatchType.NotRegex)
        {
            // Anchored like Alertmanager's "^(?:" + v + ")$"; the timeout guards against pathological patterns.
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        }
    }

    public string Name { get; }

    public LabelMatchType Type { get; }

    public string Value { get; }

    public bool Matches(string value) => Type switch
    {
        LabelMatchType.Equal => value == Value,
        LabelMatchType.NotEqual => value != Value,
        LabelMatchType.Regex => _regex!.IsMatch(value),
        _ => !_regex!.IsMatch(value),
    };

    public bool Matches(Labels labels) => Matches(labels.Get(Name));

    /// <summary>Alertmanager's form, used in route keys: <c>name="value"</c>, the value quoted and escaped.</summary>
    public override string ToString()
    {
        var op = Type switch
        {
            LabelMatchType.Equal => "=",
            LabelMatchType.NotEqual => "!=",
            LabelMatchType.Regex => "=~",
            _ => "!~",
        };
        var sb = new StringBuilder(Name).Append(op).Append('"');
        foreach (var c in Value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }
}
