using Tsdb.Storage.Index;

namespace Tsdb.Storage.Tests.Index;

public class PostingsForMatchersTests
{
    // Refs 1..6 in this order.
    private static readonly MemIndex Ix = new([
        Labels.FromStrings("__name__", "up", "job", "api", "instance", "a:1"),
        Labels.FromStrings("__name__", "up", "job", "web", "instance", "b:1"),
        Labels.FromStrings("__name__", "up", "job", "db"),
        Labels.FromStrings("__name__", "http_requests_total", "job", "api", "code", "200"),
        Labels.FromStrings("__name__", "http_requests_total", "job", "api", "code", "500"),
        Labels.FromStrings("__name__", "build_info", "version", "1.2"),
    ]);

    private static List<ulong> Resolve(params Matcher[] ms) => Postings.ToList(PostingsForMatchers.Resolve(Ix, ms));

    [Fact]
    public void Equal_AndIntersection()
    {
        Assert.Equal([1UL, 2, 3], Resolve(Matcher.Equal("__name__", "up")));
        Assert.Equal([1UL], Resolve(Matcher.Equal("__name__", "up"), Matcher.Equal("job", "api")));
        Assert.Empty(Resolve(Matcher.Equal("__name__", "nope")));
        Assert.Empty(Resolve(Matcher.Equal("nolabel", "x")));
    }

    [Fact]
    public void NotEqual_IncludesSeriesWithoutTheLabel()
    {
        Assert.Equal([2UL, 3, 6], Resolve(Matcher.NotEqual("job", "api")));
        Assert.Equal([1UL, 2, 3, 4, 5, 6], Resolve(Matcher.NotEqual("nolabel", "x")));
        Assert.Equal([2UL, 3], Resolve(Matcher.Equal("__name__", "up"), Matcher.NotEqual("job", "api")));
    }

    [Fact]
    public void EmptyValue_MeansAbsent()
    {
        Assert.Equal([3UL, 4, 5, 6], Resolve(Matcher.Equal("instance", "")));
        Assert.Equal([1UL, 2], Resolve(Matcher.NotEqual("instance", "")));
        Assert.Equal([1UL, 2, 3, 4, 5, 6], Resolve(Matcher.Equal("nolabel", "")));
        Assert.Empty(Resolve(Matcher.NotEqual("nolabel", "")));
        Assert.Equal([3UL], Resolve(Matcher.Equal("__name__", "up"), Matcher.Equal("instance", "")));
    }

    [Fact]
    public void Regex_AnyAndNonEmpty()
    {
        Assert.Equal([1UL, 2, 3, 4, 5, 6], Resolve(Matcher.Regex("instance", ".*")));
        Assert.Equal([1UL, 2], Resolve(Matcher.Regex("instance", ".+")));
        Assert.Equal([3UL, 4, 5, 6], Resolve(Matcher.NotRegex("instance", ".+")));
        Assert.Empty(Resolve(Matcher.NotRegex("instance", ".*")));
        Assert.Equal([1UL, 2, 3, 4, 5, 6], Resolve(Matcher.Regex("nolabel", ".*")));
        Assert.Empty(Resolve(Matcher.Regex("nolabel", ".+")));
    }

    [Fact]
    public void Regex_FullyAnchored()
    {
        Assert.Equal([4UL, 5], Resolve(Matcher.Regex("__name__", "http_.*")));
        Assert.Empty(Resolve(Matcher.Regex("__name__", "http")));
        Assert.Equal([1UL, 2, 3, 6], Resolve(Matcher.NotRegex("__name__", "http_.*")));
        Assert.Equal([4UL], Resolve(Matcher.Regex("code", "2..")));
    }

    [Fact]
    public void Regex_SetMatches_AndEmptyAlternative()
    {
        Assert.Equal([1UL, 2, 4, 5], Resolve(Matcher.Regex("job", "api|web")));
        Assert.Equal([3UL, 6], Resolve(Matcher.NotRegex("job", "api|web")));
        // "web|" also accepts the empty value, i.e. series without job.
        Assert.Equal([2UL, 6], Resolve(Matcher.Regex("job", "web|")));
        Assert.Equal([1UL, 3, 4, 5], Resolve(Matcher.NotRegex("job", "web|")));
        Assert.Equal([6UL], Resolve(Matcher.Regex("job", "")));
        Assert.Equal([1UL, 2, 3, 4, 5], Resolve(Matcher.NotRegex("job", "")));
    }

    [Fact]
    public void AllNegative_StartsFromEverySeries()
    {
        Assert.Equal([3UL, 6], Resolve(Matcher.NotEqual("job", "api"), Matcher.NotRegex("job", "web")));
        Assert.Equal([6UL], Resolve(Matcher.NotRegex("__name__", "up|http_requests_total")));
    }

    [Fact]
    public void SameLabel_RequiredElsewhere_UsesSubtraction()
    {
        // {job=~".+", job!="api"}: the second matcher alone would include series without job.
        Assert.Equal([2UL, 3], Resolve(Matcher.Regex("job", ".+"), Matcher.NotEqual("job", "api")));
        Assert.Empty(Resolve(Matcher.Equal("job", "api"), Matcher.Equal("job", "")));
        Assert.Equal([1UL, 4, 5], Resolve(Matcher.Equal("job", "api"), Matcher.Regex("job", ".*")));
    }

    [Fact]
    public void NoMatchers_SelectEverything()
    {
        Assert.Equal([1UL, 2, 3, 4, 5, 6], Resolve());
    }

    [Fact]
    public void SetMatches_DoNotScanValues()
    {
        var ix = new CountingIndex(Ix);
        Postings.ToList(PostingsForMatchers.Resolve(ix, [Matcher.Regex("job", "api|db"), Matcher.NotRegex("code", "500|404")]));
        Assert.Equal(0, ix.LabelValuesCalls);
        Postings.ToList(PostingsForMatchers.Resolve(ix, [Matcher.Regex("job", "a.*")]));
        Assert.Equal(1, ix.LabelValuesCalls);
    }

    [Fact]
    public void LabelValuesFor_RestrictsToSelectedSeries()
    {
        Assert.Equal(["api", "db", "web"], PostingsForMatchers.LabelValuesFor(Ix, "job", []));
        Assert.Equal(["api", "db", "web"], PostingsForMatchers.LabelValuesFor(Ix, "job", [Matcher.Equal("__name__", "up")]));
        Assert.Equal(["api"], PostingsForMatchers.LabelValuesFor(Ix, "job", [Matcher.Regex("__name__", "http_.*")]));
        Assert.Equal(["db", "web"], PostingsForMatchers.LabelValuesFor(Ix, "job", [Matcher.NotEqual("job", "api")]));
        Assert.Equal(["200", "500"], PostingsForMatchers.LabelValuesFor(Ix, "code", [Matcher.Equal("job", "api")]));
        Assert.Empty(PostingsForMatchers.LabelValuesFor(Ix, "code", [Matcher.Equal("job", "web")]));
        Assert.Empty(PostingsForMatchers.LabelValuesFor(Ix, "nolabel", [Matcher.Equal("job", "web")]));
        Assert.Equal(["b:1"], PostingsForMatchers.LabelValuesFor(Ix, "instance", [Matcher.Equal("job", "web"), Matcher.Regex("instance", ".+")]));
    }

    [Fact]
    public void LabelNamesFor_RestrictsToSelectedSeries()
    {
        Assert.Equal(["__name__", "code", "instance", "job", "version"], PostingsForMatchers.LabelNamesFor(Ix, []));
        Assert.Equal(["__name__", "instance", "job"], PostingsForMatchers.LabelNamesFor(Ix, [Matcher.Equal("__name__", "up")]));
        Assert.Equal(["__name__", "version"], PostingsForMatchers.LabelNamesFor(Ix, [Matcher.Equal("job", "")]));
        Assert.Empty(PostingsForMatchers.LabelNamesFor(Ix, [Matcher.Equal("job", "none")]));
    }

    /// <summary>Counts LabelValues calls to prove literal alternations come straight from postings.</summary>
    private sealed class CountingIndex(IIndexReader inner) : IIndexReader
    {
        public int LabelValuesCalls { get; private set; }

        public bool PostingsSortedByLabels => inner.PostingsSortedByLabels;

        public IReadOnlyList<string> LabelNames() => inner.LabelNames();

        public IReadOnlyList<string> LabelValues(string name)
        {
            LabelValuesCalls++;
            return inner.LabelValues(name);
        }

        public IPostings Postings(string name, string value) => inner.Postings(name, value);

        public IPostings AllPostings() => inner.AllPostings();

        public bool Series(ulong seriesRef, out Labels labels, List<ChunkMeta> chunks) => inner.Series(seriesRef, out labels, chunks);
    }
}
