using Tsdb.PromQL.Funcs;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Functions;

public class LabelFunctionsTests
{
    private static readonly Labels _metric = Labels.FromStrings("__name__", "testmetric", "src", "source-value-10", "dst", "original-destination-value");

    private static Labels Replace(Labels l, string dst, string repl, string src, string regex) =>
        LabelFunctions.Replace(l, dst, repl, src, LabelFunctions.CompileReplaceRegex(regex, dst));

    [Fact]
    public void Replace_FullMatch() =>
        Assert.Equal("destination-value-10",
            Replace(_metric, "dst", "destination-value-$1", "src", "source-value-(.*)").Get("dst"));

    [Fact]
    public void Replace_IsAnchored() =>
        Assert.Same(_metric, Replace(_metric, "dst", "destination-value-$1", "src", "value-(.*)"));

    [Fact]
    public void Replace_MultipleGroups() =>
        Assert.Equal("source-value-10", Replace(_metric, "dst", "$1-value-$2", "src", "(.*)-value-(.*)").Get("dst"));

    [Fact]
    public void Replace_MissingSourceIsEmpty()
    {
        Assert.Same(_metric, Replace(_metric, "dst", "value-$1", "nonexistent-src", "source-value-(.*)"));
        Assert.Equal("value-", Replace(_metric, "dst", "value-$1", "nonexistent-src", "(.*)").Get("dst"));
    }

    [Fact]
    public void Replace_EmptyResultDropsLabel()
    {
        var r = Replace(_metric, "dst", "", "dst", ".*");
        Assert.False(r.Has("dst"));
        Assert.Equal(2, r.Count);
    }

    [Fact]
    public void Replace_DotMatchesNewline_AndDollarDoesNotMatchBeforeTrailingNewline()
    {
        var l = Labels.FromStrings("src", "a\nb");
        Assert.Equal("a\nb", Replace(l, "dst", "$0", "src", "a.b").Get("dst"));
        var l2 = Labels.FromStrings("src", "ab\n");
        Assert.Same(l2, Replace(l2, "dst", "x", "src", "ab"));
    }

    [Theory]
    [InlineData("$1", "a")]
    [InlineData("${1}", "a")]
    [InlineData("$1x", "")] // Go: name "1x" is no group → empty
    [InlineData("${1}x", "ax")]
    [InlineData("$$1", "$1")]
    [InlineData("$", "$")]
    [InlineData("a$-b", "a$-b")]
    [InlineData("${1", "${1")]
    [InlineData("$9", "")]
    [InlineData("$01", "")] // leading zero: a name, not a number
    [InlineData("$name", "b")]
    [InlineData("${name}-$2", "b-b")]
    [InlineData("$unknown", "")]
    [InlineData("$0", "a-b")]
    public void Replace_GoExpansion(string template, string expected)
    {
        var l = Labels.FromStrings("src", "a-b");
        var r = LabelFunctions.Replace(l, "dst", template, "src", LabelFunctions.CompileReplaceRegex("(a)-(?P<name>b)", "dst"));
        Assert.Equal(expected, r.Get("dst"));
    }

    [Fact]
    public void Replace_GoGroupNumbering_NamedGroupsCountInOrder()
    {
        // Go numbers (?P<x>a) as 1 and (c) as 2; .NET would number them the other way round.
        var l = Labels.FromStrings("src", "ac");
        Assert.Equal("a|c|a", Replace(l, "dst", "$1|$2|$x", "src", "(?P<x>a)(c)").Get("dst"));
        Assert.Equal("a|c", Replace(l, "dst", "$1|$y", "src", "(?<x>a)(?:(?<y>c))").Get("dst"));
        // escaped parenthesis and character classes do not open groups
        var l2 = Labels.FromStrings("src", "(a)");
        Assert.Equal("a", Replace(l2, "dst", "$1", "src", "\\(([a-z(])\\)").Get("dst"));
        var l3 = Labels.FromStrings("src", "]x");
        Assert.Equal("x", Replace(l3, "dst", "$1", "src", "[]](x)").Get("dst"));
    }

    [Theory]
    [InlineData("\\d+", "123", true)]
    [InlineData("\\d+", "\u0663", false)] // Arabic-Indic digit: \d is ASCII-only in Go
    [InlineData("\\w+", "\u00e9", false)]
    [InlineData("[\\d]+x", "12x", true)]
    [InlineData("\\s", "\u00a0", false)]
    [InlineData("\\S+", "ab", true)]
    [InlineData("[[:alpha:]]+", "abcXYZ", true)]
    [InlineData("[[:alpha:]]+", "ab1", false)]
    [InlineData("[^[:digit:]]+", "ab", true)]
    [InlineData("ab$", "ab\n", false)]
    [InlineData("ab$", "ab", true)]
    [InlineData("(?m)a$\nb", "a\nb", true)]
    [InlineData("\\Q.*\\E", ".*", true)]
    [InlineData("\\Q.*\\E", "ab", false)]
    [InlineData("\\pL+", "ab\u00e9", true)]
    [InlineData("(?i)AB", "ab", true)]
    public void Replace_GoRegexSemantics(string regex, string value, bool matches)
    {
        var l = Labels.FromStrings("src", value);
        var r = Replace(l, "dst", "hit", "src", regex);
        Assert.Equal(matches, r.Get("dst") == "hit");
    }

    [Theory]
    [InlineData("(.*")]
    [InlineData("a\\Z")]
    [InlineData("(?P<n>a)(?P<n>b)")]
    [InlineData("a(?=b)")]
    [InlineData("(a)\\1")]
    [InlineData("(?<!a)b")]
    [InlineData("[")]
    public void CompileReplaceRegex_Invalid(string regex)
    {
        var ex = Assert.Throws<PromQLException>(() => LabelFunctions.CompileReplaceRegex(regex, "dst"));
        Assert.Equal(PromQLErrorType.Execution, ex.Type);
        Assert.Equal("invalid regular expression in label_replace(): " + regex, ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFFFD")]
    [InlineData("a\uD800")]
    public void CompileReplaceRegex_InvalidDestination(string dst)
    {
        var ex = Assert.Throws<PromQLException>(() => LabelFunctions.CompileReplaceRegex("(.*)", dst));
        Assert.Equal(PromQLErrorType.Execution, ex.Type);
        Assert.Equal("invalid destination label name in label_replace(): " + dst, ex.Message);
    }

    [Fact]
    public void CompileReplaceRegex_Utf8DestinationIsValid() =>
        LabelFunctions.CompileReplaceRegex("(.*)", "label.with-dashes ünd spaces");

    [Fact]
    public void Join_MatchesPrometheus()
    {
        var l = Labels.FromStrings("__name__", "testmetric", "src", "a", "src1", "b", "src2", "c", "dst", "original-destination-value");
        Assert.Equal("a-b-c", LabelFunctions.Join(l, "dst", "-", ["src", "src1", "src2"]).Get("dst"));
        Assert.Equal("a--b", LabelFunctions.Join(l, "dst", "-", ["src", "src3", "src1"]).Get("dst"));
        var empty = LabelFunctions.Join(l, "dst", "", ["emptysrc", "emptysrc1", "emptysrc2"]);
        Assert.False(empty.Has("dst"));
        Assert.False(LabelFunctions.Join(l, "dst", ", ", []).Has("dst"));
        var created = LabelFunctions.Join(Labels.FromStrings("src", "foo", "src1", "bar"), "dst", ", ", ["src", "src1"]);
        Assert.Equal("foo, bar", created.Get("dst"));
    }

    [Fact]
    public void ValidateJoin_Errors()
    {
        LabelFunctions.ValidateJoin("dst", ["a", "b"]);
        var src = Assert.Throws<PromQLException>(() => LabelFunctions.ValidateJoin("\uFFFD", ["a", ""]));
        Assert.Equal("invalid source label name in label_join(): ", src.Message);
        var dst = Assert.Throws<PromQLException>(() => LabelFunctions.ValidateJoin("", ["a"]));
        Assert.Equal("invalid destination label name in label_join(): ", dst.Message);
        Assert.Equal(PromQLErrorType.Execution, dst.Type);
    }
}
