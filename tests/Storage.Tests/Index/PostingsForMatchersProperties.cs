using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Tests.Index;

/// <summary>A random index plus random matchers over it.</summary>
public sealed class IndexCase(Labels[] series, Matcher[] matchers)
{
    public Labels[] Series { get; } = series;

    public Matcher[] Matchers { get; } = matchers;

    public override string ToString() =>
        "{" + string.Join(", ", Matchers.Select(m => m.ToString())) + "} over " + string.Join(" ", Series.Select(s => s.ToString()));
}

public static class IndexCaseGen
{
    private static readonly string[] Names = ["__name__", "a", "b", "c"];
    private static readonly string[] Values = ["x", "y", "z", "xy", "a", "aa", ""]; // "" = label absent

    // Matcher names include one no series has; values include existing ones, "", regexes and set forms.
    private static readonly string[] MatcherNames = [.. Names, "absent"];
    private static readonly string[] MatcherValues =
        ["x", "y", "z", "xy", "a", "aa", "", "nope", "a.*", "x|y", ".+", ".*", "x|", "z|xy|q", "[xy]", "y+", "x.*|a"];

    private static readonly Gen<Labels> LabelSet =
        Gen.ArrayOf(Gen.Elements(Values), Names.Length)
            .Select(vs => Labels.FromStrings([.. Names.Zip(vs).SelectMany(p => new[] { p.First, p.Second })]));

    private static readonly Gen<Matcher> AnyMatcher =
        from type in Gen.Elements(MatchType.Equal, MatchType.NotEqual, MatchType.Regex, MatchType.NotRegex)
        from name in Gen.Elements(MatcherNames)
        from value in Gen.Elements(MatcherValues)
        select new Matcher(type, name, value);

    public static Arbitrary<IndexCase> IndexCase() => Arb.From(
        from n in Gen.Choose(0, 40)
        from series in Gen.ArrayOf(LabelSet, n)
        from k in Gen.Choose(1, 4)
        from matchers in Gen.ArrayOf(AnyMatcher, k)
        select new IndexCase(series, matchers));
}

/// <summary>Matcher resolution equals the naive definition: every matcher accepts the series' value (or "").</summary>
[Properties(Arbitrary = [typeof(IndexCaseGen)], MaxTest = 300)]
public class PostingsForMatchersProperties
{
    private static bool Selects(IReadOnlyList<Matcher> ms, Labels l) => ms.All(m => m.Matches(l.Get(m.Name)));

    [Property]
    public void Resolve_EqualsNaiveFilter(IndexCase c)
    {
        var ix = new MemIndex(c.Series);
        var expected = Enumerable.Range(1, c.Series.Length).Select(i => (ulong)i).Where(r => Selects(c.Matchers, ix.Get(r)));
        Assert.Equal(expected, Postings.ToList(PostingsForMatchers.Resolve(ix, c.Matchers)));
    }

    [Property]
    public void Resolve_SupportsSeek(IndexCase c, byte stride)
    {
        // Resolved postings feed further intersections in the querier, so they must seek correctly too.
        var ix = new MemIndex(c.Series);
        var expected = Enumerable.Range(1, c.Series.Length).Select(i => (ulong)i).Where(r => Selects(c.Matchers, ix.Get(r))).ToList();
        var p = PostingsForMatchers.Resolve(ix, c.Matchers);
        var step = (ulong)(stride % 4 + 1);
        ulong target = 0;
        while (true)
        {
            var idx = expected.FindIndex(e => e >= target);
            var ok = p.Seek(target);
            Assert.Equal(idx >= 0, ok);
            if (!ok)
            {
                break;
            }

            Assert.Equal(expected[idx], p.At);
            target = p.At + step;
        }
    }

    [Property]
    public void LabelValuesFor_EqualsNaive(IndexCase c)
    {
        var ix = new MemIndex(c.Series);
        foreach (var name in new[] { "a", "b", "absent" })
        {
            var expected = c.Series.Where(s => Selects(c.Matchers, s)).Select(s => s.Get(name)).Where(v => v.Length > 0)
                .Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(expected, PostingsForMatchers.LabelValuesFor(ix, name, c.Matchers));
        }
    }

    [Property]
    public void LabelNamesFor_EqualsNaive(IndexCase c)
    {
        var ix = new MemIndex(c.Series);
        var expected = c.Series.Where(s => Selects(c.Matchers, s)).SelectMany(s => s.Select(l => l.Name))
            .Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected, PostingsForMatchers.LabelNamesFor(ix, c.Matchers));
    }
}
