using Tsdb.PromQL.PromqlTest;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.PromqlTest;

public sealed class SeriesDescriptionParserTests
{
    private static string Expand(string values)
        => string.Join(" ", SeriesDescriptionParser.ParseValues(values).Select(v => v.ToString()));

    [Theory]
    [InlineData("1+2x3", "1 3 5 7")]
    [InlineData("1-2x3", "1 -1 -3 -5")]
    [InlineData("-1-2x2", "-1 -3 -5")]
    [InlineData("-2+0.5x2", "-2 -1.5 -1")]
    [InlineData("1x3", "1 1 1 1")]
    [InlineData("1x0", "1")]
    [InlineData("1+1x0", "1")]
    [InlineData("5", "5")]
    [InlineData("_", "_")]
    [InlineData("_x3", "_ _ _")]
    [InlineData("_x0", "")]
    [InlineData("stale", "stale")]
    [InlineData("Inf -Inf +Inf NaN nan inf", "Inf -Inf Inf NaN NaN Inf")]
    [InlineData("1e3 -1.5e-3 2E+2 .5 1_000", "1000 -0.0015 200 0.5 1000")]
    [InlineData("1e3+1e2x2", "1000 1100 1200")]
    [InlineData("0x3", "0 0 0 0")]
    [InlineData("010", "8")]
    [InlineData("019", "19")]
    [InlineData("1 _ stale 3+1x1", "1 _ stale 3 4")]
    [InlineData("  1\t2  ", "1 2")]
    [InlineData("", "")]
    public void Expanding_notation(string values, string expected) => Assert.Equal(expected, Expand(values));

    [Fact]
    public void Steps_accumulate_as_prometheus_does()
    {
        // Prometheus adds the step to the running value rather than computing a + i*b, which matters in the last bits.
        var values = SeriesDescriptionParser.ParseValues("0.1+0.1x3");
        var expected = 0.1;
        for (var i = 0; i < values.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(values[i].Value));
            expected += 0.1;
        }
    }

    [Fact]
    public void Stale_is_the_staleness_marker_bit_pattern()
    {
        var v = Assert.Single(SeriesDescriptionParser.ParseValues("stale"));
        Assert.Equal(StaleNaN.Bits, BitConverter.DoubleToUInt64Bits(v.Value));
        Assert.Equal(SequenceValueKind.Float, v.Kind);
    }

    [Theory]
    [InlineData("{{schema:0 sum:1 count:1}}", 1)]
    [InlineData("{{schema:0 sum:1 count:1}}x2", 3)]
    [InlineData("{{sum:2 count:2}}+{{sum:3 count:3}}x5", 6)]
    [InlineData("{{schema:0 sum:5 count:4 buckets:[-1 2.5 3]}}-{{sum:1 count:1}}x1", 2)]
    [InlineData("{{}}", 1)]
    [InlineData("{{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1 0 0] counter_reset_hint:gauge}}", 1)]
    public void Histograms_are_recognised_by_extent(string values, int count)
    {
        var parsed = SeriesDescriptionParser.ParseValues(values);
        Assert.Equal(count, parsed.Count);
        Assert.All(parsed, v => Assert.True(v.IsHistogram));
        Assert.StartsWith("{{", parsed[0].Histogram, StringComparison.Ordinal);
    }

    [Fact]
    public void Histograms_and_floats_mix()
    {
        var parsed = SeriesDescriptionParser.ParseValues("1 {{count:1 sum:1}} _ 2x1 {{count:2}}x1");
        Assert.Equal(
            [SequenceValueKind.Float, SequenceValueKind.Histogram, SequenceValueKind.Omitted, SequenceValueKind.Float, SequenceValueKind.Float, SequenceValueKind.Histogram, SequenceValueKind.Histogram],
            parsed.Select(v => v.Kind));
    }

    [Theory]
    [InlineData("1+2")]
    [InlineData("1x")]
    [InlineData("1xa")]
    [InlineData("1x1.5")]
    [InlineData("abc")]
    [InlineData("stalex3")]
    [InlineData("-stale")]
    [InlineData("1m")]
    [InlineData("1..2")]
    [InlineData("1e")]
    [InlineData("_x")]
    [InlineData("_5")]
    [InlineData("x3")]
    [InlineData("{{count:1")]
    [InlineData("{{count:1}}+1x3")]
    [InlineData("{{count:1}}+{{count:2}}")]
    [InlineData("{{count:1}}y")]
    [InlineData("1,2")]
    public void Bad_values_are_errors(string values)
        => Assert.Throws<FormatException>(() => SeriesDescriptionParser.ParseValues(values));

    [Theory]
    [InlineData("foo 1", "foo{}")]
    [InlineData("foo{a=\"b\", c='d'} 1", "foo{a=\"b\", c=\"d\"}")]
    [InlineData("foo{a=\"b\",} 1", "foo{a=\"b\"}")]
    [InlineData("foo { } 1", null)]
    [InlineData("{} 1", "{}")]
    [InlineData("{a=`x\\y`} 1", "{a=\"x\\\\y\"}")]
    [InlineData("{\"metric.name\", \"a.b\"=\"c\"} 1", "{\"metric.name\", \"a.b\"=\"c\"}")]
    [InlineData("{__name__=\"up\", job=\"x\"} 1", "up{job=\"x\"}")]
    [InlineData("ns:metric_total{ a = \"1\" } 1", "ns:metric_total{a=\"1\"}")]
    [InlineData("foo{a=\"\"} 1", "foo{}")]
    public void Label_sets(string line, string? expected)
    {
        if (expected is null)
        {
            Assert.Throws<FormatException>(() => SeriesDescriptionParser.Parse(line));
            return;
        }

        var s = SeriesDescriptionParser.Parse(line);
        Assert.Equal(expected, ResultFormatter.FormatMetric(s.Metric));
        Assert.Single(s.Values);
    }

    [Fact]
    public void Escapes_in_label_values()
    {
        var s = SeriesDescriptionParser.Parse("foo{a=\"x\\\"y\\n\\u00e9\\x41\\101\", b='it\\'s'}");
        Assert.Equal("x\"y\néAA", s.Metric.Get("a"));
        Assert.Equal("it's", s.Metric.Get("b"));
        Assert.Empty(s.Values);
    }

    [Theory]
    [InlineData("foo{a=\"b\"}1")]
    [InlineData("foo{a=~\"b\"} 1")]
    [InlineData("foo{a!=\"b\"} 1")]
    [InlineData("foo{a=\"b\" 1")]
    [InlineData("foo{a=\"b} 1")]
    [InlineData("foo{a=b} 1")]
    [InlineData("foo{a=\"1\", a=\"2\"} 1")]
    [InlineData("foo{\"bar\"} 1")]
    [InlineData("foo{a=\"\\q\"} 1")]
    [InlineData("1 2 3")]
    [InlineData("@st 1")]
    [InlineData("foo@st 1")]
    public void Bad_label_sets_are_errors(string line)
        => Assert.Throws<FormatException>(() => SeriesDescriptionParser.Parse(line));
}
