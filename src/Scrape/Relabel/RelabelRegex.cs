using System.Text.RegularExpressions;
using Tsdb.Storage;

namespace Tsdb.Scrape.Relabel;

/// <summary>
/// A relabel regex: RE2 syntax, fully anchored with '.' matching newlines (<c>^(?s:...)$</c>) as Prometheus 3's relabel.go compiles it, run
/// by .NET Regex with the same match timeout as query matchers. RE2's <c>(?P&lt;name&gt;</c> group
/// syntax is rewritten to .NET's <c>(?&lt;name&gt;</c>. Equality is by source text, so reloaded
/// configs compare equal.
/// </summary>
public sealed class RelabelRegex : IEquatable<RelabelRegex>
{
    public const string DefaultPattern = "(.*)";

    public static readonly RelabelRegex Default = new(DefaultPattern);

    private RelabelRegex(string pattern)
    {
        Pattern = pattern;
        Regex = new Regex(
            "^(?:" + pattern.Replace("(?P<", "(?<", StringComparison.Ordinal) + ")$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline,
            Matcher.RegexTimeout);
    }

    /// <summary>The pattern as written in the config (without the anchors).</summary>
    public string Pattern { get; }

    internal Regex Regex { get; }

    public bool IsDefault => Pattern == DefaultPattern;

    /// <summary>Compiles; an invalid pattern throws <see cref="ArgumentException"/> with RE2-like wording.</summary>
    public static RelabelRegex Create(string pattern)
    {
        if (pattern == DefaultPattern)
        {
            return Default;
        }

        try
        {
            return new RelabelRegex(pattern);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"error parsing regexp: {e.Message}: `{pattern}`", e);
        }
    }

    public bool IsMatch(string value) => Regex.IsMatch(value);

    public bool Equals(RelabelRegex? other) => other is not null && other.Pattern == Pattern;

    public override bool Equals(object? obj) => Equals(obj as RelabelRegex);

    public override int GetHashCode() => Pattern.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Pattern;
}
