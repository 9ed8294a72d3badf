using Tsdb.Config;

namespace Tsdb.Config.Tests;

public class YamlMapTests
{
    [Fact]
    public void ReadsTypedValuesAndDefaultsForNull()
    {
        var m = YamlConfig.Load("a: x\nb: 5\nc: true\nd: 1m\ne:\nf: [p, q]\ng: {k: v, z: ''}\nh: 512MB\n", "t");
        Assert.Equal("x", m.String("a"));
        Assert.Equal(5, m.Long("b"));
        Assert.True(m.Bool("c"));
        Assert.Equal(TimeSpan.FromMinutes(1), m.Duration("d"));
        Assert.Null(m.String("e"));
        Assert.Equal(["p", "q"], m.StringList("f"));
        Assert.Equal([new("k", "v"), new("z", "")], m.StringMap("g"));
        Assert.Equal(512L << 20, m.Bytes("h"));
        m.RejectUnknown();
    }

    [Fact]
    public void UnknownFieldIsRejectedWithItsLine()
    {
        var m = YamlConfig.Load("a: x\n\nbogus: 1\n", "scrape_config");
        _ = m.String("a");
        var e = Assert.Throws<ConfigException>(m.RejectUnknown);
        Assert.Equal(3, e.Line);
        Assert.Equal("line 3: field bogus not found in type scrape_config", e.Message);
    }

    [Fact]
    public void DuplicateKeyIsRejected()
    {
        var e = Assert.Throws<ConfigException>(() => YamlConfig.Load("a: 1\nb: 2\na: 3\n", "t"));
        Assert.Equal(3, e.Line);
        Assert.Contains("Duplicate key a", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: [1, 2\n", "yaml:")]
    [InlineData("- 1\n- 2\n", "cannot unmarshal !!seq into t")]
    public void MalformedDocumentIsAConfigError(string text, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => YamlConfig.Load(text, "t"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 0);
    }

    [Theory]
    [InlineData("b: notanumber\n", "b", "cannot unmarshal !!str `notanumber` into int")]
    [InlineData("b: 5x\n", "d", "not a valid duration string: \"5x\"")]
    [InlineData("b: maybe\n", "bool", "cannot unmarshal !!str `maybe` into bool")]
    [InlineData("b: [1]\n", "s", "cannot unmarshal !!seq into string")]
    public void BadValuesNameTheirLine(string text, string kind, string expected)
    {
        var m = YamlConfig.Load("x: 1\n" + text, "t");
        Action read = kind switch
        {
            "b" => () => m.Long("b"),
            "d" => () => m.Duration("b"),
            "bool" => () => m.Bool("b"),
            _ => () => m.String("b"),
        };
        var e = Assert.Throws<ConfigException>(read);
        Assert.Equal(2, e.Line);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyDocumentIsAnEmptyMap()
    {
        var m = YamlConfig.Load("", "t");
        Assert.Empty(m.Keys);
        Assert.Null(m.Map("global", "global_config"));
    }

    [Fact]
    public void FileErrorsNameTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "tsdb-cfg-" + Guid.NewGuid().ToString("N") + ".yml");
        File.WriteAllText(path, "a: [\n");
        try
        {
            var e = Assert.Throws<ConfigException>(() => YamlConfig.LoadFile(path, "t"));
            Assert.StartsWith(path + ": line ", e.Describe(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
