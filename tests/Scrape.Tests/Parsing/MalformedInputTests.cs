using System.Text;
using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Tests.Parsing;

/// <summary>
/// Each row: a body, a substring of the expected error (Prometheus's wording where it has one) and
/// the 1-based line the error names. Rows come from promparse/openmetricsparse error tests and the
/// formats' specs.
/// </summary>
public class MalformedInputTests
{
    public static TheoryData<string, string, int> TextCases => new()
    {
        { "a", "expected value after metric", 1 },
        { "a\n", "expected value after metric", 1 },
        { "a{b='c'} 1\n", "expected label value", 1 },
        { "a{b=\n", "expected label value", 1 },
        { "a{b=\"c\n", "expected label value", 1 },
        { "something_weird{problem=\"", "expected label value", 1 },
        { "a{\xff=\"foo\"} 1\n", "expected label name", 1 },
        { "empty_label_name{=\"\"} 0\n", "expected label name", 1 },
        { "a{,b=\"c\"} 1\n", "expected label name", 1 },
        { "a{b=\"c\",,d=\"e\"} 1\n", "expected label name", 1 },
        { "a{b=\"c\" 1} 1\n", "expected label name", 1 },
        { "a{b \"c\"} 1\n", "expected equal", 1 },
        { "a{b:c=\"d\"} 1\n", "expected equal", 1 },
        { "a true\n", "invalid syntax", 1 },
        { "a 1_2\n", "invalid syntax", 1 },
        { "a 0x1p-3\n", "invalid syntax", 1 },
        { "a 0x10\n", "invalid syntax", 1 },
        { "a 1e400\n", "invalid syntax", 1 },
        { "a +nan\n", "invalid syntax", 1 },
        { "a Infinit\n", "invalid syntax", 1 },
        { "a 1 1.5\n", "invalid timestamp", 1 },
        { "a 1 9223372036854775808\n", "invalid timestamp", 1 },
        { "a 1 x\n", "expected timestamp or new record", 1 },
        { "a 1 2 3\n", "expected next entry after timestamp", 1 },
        { "a 1\r\n", "invalid syntax", 1 },
        { "a 1 2\r\n", "invalid timestamp", 1 },
        { "{a=\"ok\"} 1\n", "metric name not set", 1 },
        { "{\"a\", \"b\"} 1\n", "metric name already set", 1 },
        { "a{\"b\"} 1\n", "metric name already set", 1 },
        { "{\"\"} 1\n", "invalid metric name", 1 },
        { "a{\"\"=\"x\"} 1\n", "invalid label name", 1 },
        { "a{b=\"c\"} {d=\"e\"} 1\n", "expected value after metric", 1 },
        { "9a 1\n", "expected a valid start token", 1 },
        { "# TYPE #\n", "expected metric name after TYPE", 1 },
        { "# TYPE foo gaugex\n", "invalid metric type \"gaugex\"", 1 },
        { "# TYPE foo counter \n", "invalid metric type \"counter \"", 1 },
        { "# TYPE foo unknown\n", "invalid metric type", 1 },
        { "ok 1\nok 2\n\nbad{ 3\n", "expected label name", 4 },
    };

    public static TheoryData<string, string, int> OpenMetricsCases => new()
    {
        { "", "data does not end with # EOF", 0 },
        { "a 1", "data does not end with # EOF", 1 },
        { "a 1\n", "data does not end with # EOF", 1 },
        { "# EOF\na 1", "unexpected data after # EOF", 2 },
        { "# EOF\n\n", "unexpected data after # EOF", 2 },
        { "# EOF\r\n", "unexpected data after # EOF", 1 },
        { "# EOF junk\n", "unexpected data after # EOF", 1 },
        { "\n", "expected a valid start token", 1 },
        { "a 1\n\n# EOF\n", "expected a valid start token", 2 },
        { " a 1\n# EOF\n", "expected a valid start token", 1 },
        { "9\n# EOF\n", "expected a valid start token", 1 },
        { "#  TYPE c counter\n# EOF\n", "expected a valid start token", 1 },
        { "#\tTYPE c counter\n# EOF\n", "expected a valid start token", 1 },
        { "# some comment\n# EOF\n", "expected a valid start token", 1 },
        { "# TYPE u untyped\n# EOF\n", "invalid metric type \"untyped\"", 1 },
        { "# TYPE c counter \n# EOF\n", "invalid metric type \"counter \"", 1 },
        { "# TYPE c  counter\n# EOF\n", "invalid metric type \" counter\"", 1 },
        { "# TYPE \n# EOF\n", "expected metric name after TYPE", 1 },
        { "# TYPE m\n# EOF\n", "expected text in TYPE", 1 },
        { "# HELP \n# EOF\n", "expected metric name after HELP", 1 },
        { "# HELP m\n# EOF\n", "expected text in HELP", 1 },
        { "# UNIT \n# EOF\n", "expected metric name after UNIT", 1 },
        { "# UNIT m\n# EOF\n", "expected text in UNIT", 1 },
        { "# UNIT metric suffix\n# EOF\n", "unit \"suffix\" not a suffix of metric \"metric\"", 1 },
        { "# UNIT metricsuffix suffix\n# EOF\n", "not a suffix", 1 },
        { "# UNIT m suffix\n# EOF\n", "not a suffix", 1 },
        { "a\n# EOF\n", "expected value after metric", 1 },
        { "a\t1\n# EOF\n", "expected value after metric", 1 },
        { "a  1\n# EOF\n", "expected value after metric", 1 },
        { "a 1\t2\n# EOF\n", "invalid syntax", 1 },
        { "a 1 2 \n# EOF\n", "expected next entry after timestamp", 1 },
        { "a 1 2 #\n# EOF\n", "expected next entry after timestamp", 1 },
        { "a 1 1 1\n# EOF\n", "expected next entry after timestamp", 1 },
        { "a 1 1z\n# EOF\n", "invalid timestamp", 1 },
        { "a 1 NaN\n# EOF\n", "invalid timestamp", 1 },
        { "a 1 +Inf\n# EOF\n", "invalid timestamp", 1 },
        { "a 1 -Inf\n# EOF\n", "invalid timestamp", 1 },
        { "a 1\r\n# EOF\n", "invalid syntax", 1 },
        { "a{b='c'} 1\n# EOF\n", "expected label value", 1 },
        { "a{b=\"c\", d=\"e\"} 1\n# EOF\n", "expected label name", 1 },
        { "a{,b=\"c\"} 1\n# EOF\n", "expected label name", 1 },
        { "a{b=\"c\"d=\"e\"} 1\n# EOF\n", "expected comma or brace close", 1 },
        { "a{b=\"c\",,d=\"e\"} 1\n# EOF\n", "expected label name", 1 },
        { "a{b=\n# EOF\n", "expected label value", 1 },
        { "a{\xff=\"foo\"} 1\n# EOF\n", "expected label name", 1 },
        { "empty_label_name{=\"\"} 0\n# EOF\n", "expected label name", 1 },
        { "{a=\"ok\"} 1\n# EOF\n", "metric name not set", 1 },
        { "foo 0x1p-3\n# EOF\n", "invalid syntax", 1 },
        { "foo 1 0x1p-3\n# EOF\n", "invalid timestamp", 1 },
        { "custom_metric_total 1 # {aa=bb}\n# EOF\n", "expected label value", 1 },
        { "custom_metric_total 1 # {aa=\"bb\"}\n# EOF\n", "expected value after exemplar labels", 1 },
        { "custom_metric_total 1 # {aa=\"bb\"}", "expected value after exemplar labels", 1 },
        { "custom_metric_total 1 # {bb}\n# EOF\n", "expected label name", 1 },
        { "custom_metric_total 1 # {\"bb\"} 1\n# EOF\n", "expected label name", 1 },
        { "custom_metric_total 1 # {aa=\"bb\",,cc=\"dd\"} 1\n# EOF\n", "expected label name", 1 },
        { "custom_metric_total 1 # {aa=\"bb\"} 1 1 1\n# EOF\n", "expected next entry after exemplar timestamp", 1 },
        { "custom_metric_total 1 # {aa=\"bb\"} 1 -Inf\n# EOF\n", "invalid exemplar timestamp", 1 },
        { "custom_metric_total 1 # {aa=\"bb\"} 1 Inf\n# EOF\n", "invalid exemplar timestamp", 1 },
        { "custom_metric_total 1 # {aa=\"bb\"} x\n# EOF\n", "invalid syntax", 1 },
        { "ok 1\nok 2\n# HELP bad\n# EOF\n", "expected text in HELP", 3 },
    };

    [Theory]
    [MemberData(nameof(TextCases))]
    public void Text_format_errors(string body, string error, int line) => AssertFails(body, ExpositionFormat.PrometheusText, error, line);

    [Theory]
    [MemberData(nameof(OpenMetricsCases))]
    public void OpenMetrics_errors(string body, string error, int line) => AssertFails(body, ExpositionFormat.OpenMetrics, error, line);

    [Fact]
    public void Invalid_utf8_in_label_value_and_help_is_rejected()
    {
        byte[] value = [.. "a{b=\""u8, 0xff, .. "\"} 1\n"u8];
        var e = Assert.Throws<ExpositionFormatException>(() => ExpositionReader.Parse(value, ExpositionFormat.PrometheusText, new NoopHandler()));
        Assert.Contains("invalid UTF-8 label value", e.Message, StringComparison.Ordinal);

        byte[] help = [.. "# HELP m x"u8, 0xc3, .. "\n# EOF\n"u8];
        e = Assert.Throws<ExpositionFormatException>(() => ExpositionReader.Parse(help, ExpositionFormat.OpenMetrics, new NoopHandler()));
        Assert.Contains("is not a valid utf8 string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_message_quotes_the_offending_token_and_line()
    {
        var e = Assert.Throws<ExpositionFormatException>(() => Parsed.OpenMetrics("a{b=\"c\" d=\"e\"} 1\n"));
        Assert.Equal("expected comma or brace close, got \" \" while parsing: \"a{b=\\\"c\\\" \"", e.Message);
    }

    private static void AssertFails(string body, ExpositionFormat format, string error, int line)
    {
        // \xff in the C# literals above stands for the single byte 0xff, not its UTF-8 encoding.
        var bytes = body.Contains('\xff', StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(body) : Encoding.UTF8.GetBytes(body);
        var e = Assert.Throws<ExpositionFormatException>(() => ExpositionReader.Parse(bytes, format, new NoopHandler()));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
    }
}
