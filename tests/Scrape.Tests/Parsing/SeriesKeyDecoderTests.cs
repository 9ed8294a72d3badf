using System.Text;
using Tsdb.Scrape.Parsing;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Parsing;

public class SeriesKeyDecoderTests
{
    [Theory]
    [InlineData("up", "__name__=up")]
    [InlineData("up{}", "__name__=up")]
    [InlineData("a{b=\"c\"}", "__name__=a|b=c")]
    [InlineData("a{b=\"c\",}", "__name__=a|b=c")]
    [InlineData("a { b = \"c\" , d=\"\" , }", "__name__=a|b=c|d=")]
    [InlineData("a{b=\"x\\\\y\"}", "__name__=a|b=x\\y")]
    [InlineData("a{b=\"x\\\"y\"}", "__name__=a|b=x\"y")]
    [InlineData("a{b=\"x\\ny\"}", "__name__=a|b=x\ny")]
    [InlineData("a{b=\"x\\ty\"}", "__name__=a|b=x\\ty")]
    [InlineData("a{b=\"\\\\n\"}", "__name__=a|b=\\n")]
    [InlineData("{\"my.metric\"}", "__name__=my.metric")]
    [InlineData("{\"my.metric\",\"label.x\"=\"v\"}", "__name__=my.metric|label.x=v")]
    [InlineData("{a=\"1\", \"my.metric\"}", "__name__=my.metric|a=1")]
    [InlineData("{\"quo\\\"ted\"}", "__name__=quo\"ted")]
    [InlineData("m{le=\"+Inf\",quantile=\"0.5\",job=\"j\",instance=\"i\"}", "__name__=m|le=+Inf|quantile=0.5|job=j|instance=i")]
    [InlineData("{trace_id=\"abc\"}", "trace_id=abc")]
    [InlineData("a{b=\"ünïcødé €\"}", "__name__=a|b=ünïcødé €")]
    public void Decodes(string key, string expected)
    {
        var into = new List<Label> { new("stale", "entry") };
        SeriesKeyDecoder.Decode(Encoding.UTF8.GetBytes(key), into);
        Assert.Equal(expected, string.Join('|', into.Select(l => $"{l.Name}={l.Value}")));
    }

    [Fact]
    public void Long_escaped_value_uses_the_pool_path()
    {
        var value = string.Concat(Enumerable.Repeat("ab\\\\", 200));
        var into = new List<Label>();
        SeriesKeyDecoder.Decode(Encoding.UTF8.GetBytes($"a{{b=\"{value}\"}}"), into);
        Assert.Equal(string.Concat(Enumerable.Repeat("ab\\", 200)), into[1].Value);
    }

    [Fact]
    public void Finds_duplicate_label_names()
    {
        var into = new List<Label>();
        SeriesKeyDecoder.Decode("a{b=\"1\",c=\"2\",b=\"3\"}"u8, into);
        Assert.Equal("b", SeriesKeyDecoder.FindDuplicateName(into));
        SeriesKeyDecoder.Decode("a{b=\"1\",c=\"2\"}"u8, into);
        Assert.Null(SeriesKeyDecoder.FindDuplicateName(into));
    }
}
