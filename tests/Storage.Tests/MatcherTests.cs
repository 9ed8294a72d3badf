namespace Tsdb.Storage.Tests;

public class MatcherTests
{
    [Theory]
    [InlineData(MatchType.Equal, "foo", "foo", true)]
    [InlineData(MatchType.Equal, "foo", "foobar", false)]
    [InlineData(MatchType.NotEqual, "foo", "bar", true)]
    [InlineData(MatchType.Regex, "fo+", "foo", true)]
    [InlineData(MatchType.Regex, "fo+", "xfoo", false)]
    [InlineData(MatchType.Regex, "foo", "foobar", false)]
    [InlineData(MatchType.Regex, "a|b", "a|b", false)]
    [InlineData(MatchType.Regex, ".*", "line\nbreak", true)]
    [InlineData(MatchType.NotRegex, "a.*", "abc", false)]
    [InlineData(MatchType.NotRegex, "a.*", "bc", true)]
    [InlineData(MatchType.Regex, "", "", true)]
    public void Matches_IsFullyAnchored(MatchType type, string pattern, string value, bool expected)
    {
        Assert.Equal(expected, new Matcher(type, "l", pattern).Matches(value));
    }

    [Fact]
    public void LiteralAlternation_IsResolvedWithoutRegex()
    {
        var m = Matcher.Regex("job", "api|web|db\\.x");
        Assert.Equal(["api", "web", "db.x"], m.SetMatches);
        Assert.True(m.Matches("db.x"));
        Assert.False(m.Matches("dbxx"));
        Assert.Null(Matcher.Regex("job", "api.*").SetMatches);
    }

    [Fact]
    public void BadRegex_GivesClearError()
    {
        var e = Assert.Throws<InvalidMatcherException>(() => Matcher.Regex("job", "a(b"));
        Assert.StartsWith("error parsing regexp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchesEmpty_ForNegativeMatchers()
    {
        Assert.True(Matcher.NotEqual("a", "x").MatchesEmpty);
        Assert.False(Matcher.Equal("a", "x").MatchesEmpty);
        Assert.True(Matcher.Regex("a", "x|").MatchesEmpty);
    }
}
