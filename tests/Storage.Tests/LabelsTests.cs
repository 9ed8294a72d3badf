namespace Tsdb.Storage.Tests;

public class LabelsTests
{
    [Fact]
    public void FromStrings_SortsByName_AndDropsEmptyValues()
    {
        var l = Labels.FromStrings("job", "api", "__name__", "up", "empty", "");
        Assert.Equal(2, l.Count);
        Assert.Equal("__name__", l[0].Name);
        Assert.Equal("up", l.MetricName);
        Assert.Equal("", l.Get("empty"));
        Assert.Equal("{__name__=\"up\", job=\"api\"}", l.ToString());
    }

    [Fact]
    public void Equal_LabelSets_AreEqual_WithEqualHashes()
    {
        var a = Labels.FromStrings("a", "1", "b", "2");
        var b = Labels.FromStrings("b", "2", "a", "1");
        Assert.Equal(a, b);
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a, Labels.FromStrings("a", "1", "b", "3"));
    }

    [Fact]
    public void Hash_SeparatesNameFromValue()
    {
        Assert.NotEqual(Labels.FromStrings("ab", "c").Hash, Labels.FromStrings("a", "bc").Hash);
    }

    [Fact]
    public void DuplicateNames_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => Labels.FromStrings("a", "1", "a", "2"));
    }

    [Fact]
    public void Compare_FollowsPrometheusOrder()
    {
        var a = Labels.FromStrings("a", "1");
        var ab = Labels.FromStrings("a", "1", "b", "1");
        var a2 = Labels.FromStrings("a", "2");
        Assert.True(a.CompareTo(ab) < 0);
        Assert.True(ab.CompareTo(a2) < 0);
        Assert.Equal(0, a.CompareTo(Labels.FromStrings("a", "1")));
    }

    [Fact]
    public void HugeLabelValue_RoundTrips()
    {
        var big = new string('x', 1 << 20);
        var l = Labels.FromStrings("__name__", "m", "big", big);
        Assert.Equal(big, l.Get("big"));
    }

    [Fact]
    public void Builder_SetsAndDeletes()
    {
        var l = Labels.FromStrings("a", "1", "b", "2").ToBuilder().Set("c", "3").Set("a", "").Delete("b").Build();
        Assert.Equal(Labels.FromStrings("c", "3"), l);
    }
}
