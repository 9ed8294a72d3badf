using System.Text.RegularExpressions;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// One <c>expect &lt;type&gt; [msg|regex]: &lt;text&gt;</c> line. With <c>msg:</c> the error or annotation
/// text must equal <see cref="Message"/>; with <c>regex:</c> <see cref="Pattern"/> must match somewhere in it
/// (unanchored, as Go's MatchString); without either, anything matches.
/// </summary>
public sealed class Expectation(ExpectationKind kind, string? message, Regex? pattern, int line)
{
    public ExpectationKind Kind { get; } = kind;

    public string? Message { get; } = message;

    public Regex? Pattern { get; } = pattern;

    public int Line { get; } = line;

    public bool MatchesAnything => Message is null && Pattern is null;

    public bool Matches(string text)
    {
        if (Pattern is not null)
        {
            return Pattern.IsMatch(text);
        }

        return Message is null || Message == text;
    }

    /// <summary>"message" or "pattern", as test.go names the two match kinds in its errors.</summary>
    public string MatchKind => Pattern is null ? "message" : "pattern";

    public override string ToString()
    {
        var type = Kind switch
        {
            ExpectationKind.NoWarn => "no_warn",
            ExpectationKind.NoInfo => "no_info",
            _ => Kind.ToString().ToLowerInvariant(),
        };
        if (Pattern is not null)
        {
            return $"expect {type} regex: {Pattern}";
        }

        return Message is null ? $"expect {type}" : $"expect {type} msg: {Message}";
    }
}
