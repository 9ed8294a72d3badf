using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Tests.Parsing;

/// <summary>Text format 0.0.4: cases from the exposition-format docs and Prometheus's promparse tests, rewritten as tables.</summary>
public class TextFormatTests
{
    [Fact]
    public void Prometheus_parser_conformance_body()
    {
        var body = "# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n"
            + "# \tTYPE go_gc_duration_seconds summary\n"
            + "go_gc_duration_seconds{quantile=\"0\"} 4.9351e-05\n"
            + "go_gc_duration_seconds{quantile=\"0.25\",} 7.424100000000001e-05\n"
            + "go_gc_duration_seconds{quantile=\"0.8\", a=\"b\"} 8.3835e-05\n"
            + "go_gc_duration_seconds{ quantile=\"0.9\", a=\"b\"} 8.3835e-05\n"
            + "# Hrandom comment starting with prefix of HELP\n"
            + "#\n"
            + "wind_speed{A=\"2\",c=\"3\"} 12345\n"
            + "# comment with escaped \\n newline\n"
            + "# HELP nohelp1\n"
            + "# HELP nohelp2 \n"
            + "go_gc_duration_seconds { quantile= \"1.0\", a= \"b\", } 8.3835e-05\n"
            + "go_gc_duration_seconds { quantile = \"1.0\", a = \"b\" } 8.3835e-05\n"
            + "\n"
            + "go_gc_duration_seconds_count 99\n"
            + "some:aggregate:rate5m{a_b=\"c\"}\t1\n"
            + "# HELP go_goroutines Number of goroutines that currently exist.\n"
            + "# TYPE go_goroutines gauge\n"
            + "go_goroutines 33  \t123123\n"
            + "_metric_starting_with_underscore 1\n"
            + "testmetric{_label_starting_with_underscore=\"foo\"} 1\n"
            + "testmetric{label=\"\\\"bar\\\"\"} 1\n"
            + "null_byte_metric{a=\"abc\0\"} 1";

        Assert.Equal(
            [
                "HELP go_gc_duration_seconds A summary of the GC invocation durations.",
                "TYPE go_gc_duration_seconds summary",
                "go_gc_duration_seconds{quantile=\"0\"} 4.9351E-05",
                "go_gc_duration_seconds{quantile=\"0.25\",} 7.424100000000001E-05",
                "go_gc_duration_seconds{quantile=\"0.8\", a=\"b\"} 8.3835E-05",
                "go_gc_duration_seconds{ quantile=\"0.9\", a=\"b\"} 8.3835E-05",
                "wind_speed{A=\"2\",c=\"3\"} 12345",
                "HELP nohelp1 ",
                "HELP nohelp2 ",
                "go_gc_duration_seconds { quantile= \"1.0\", a= \"b\", } 8.3835E-05",
                "go_gc_duration_seconds { quantile = \"1.0\", a = \"b\" } 8.3835E-05",
                "go_gc_duration_seconds_count 99",
                "some:aggregate:rate5m{a_b=\"c\"} 1",
                "HELP go_goroutines Number of goroutines that currently exist.",
                "TYPE go_goroutines gauge",
                "go_goroutines 33 @123123",
                "_metric_starting_with_underscore 1",
                "testmetric{_label_starting_with_underscore=\"foo\"} 1",
                "testmetric{label=\"\\\"bar\\\"\"} 1",
                "null_byte_metric{a=\"abc\0\"} 1",
            ],
            Parsed.Text(body));
    }

    [Theory]
    [InlineData("# HELP m a \\\\ b \\n c \\\" d \\x e", "HELP m a \\ b \n c \\\" d \\x e")]
    [InlineData("# HELP m  two spaces", "HELP m  two spaces")]
    [InlineData("# HELP \"my.metric\" dotted", "HELP my.metric dotted")]
    [InlineData("#\tHELP\tm\ttabbed", "HELP m tabbed")]
    [InlineData("# TYPE m counter", "TYPE m counter")]
    [InlineData("# TYPE m gauge", "TYPE m gauge")]
    [InlineData("# TYPE m histogram", "TYPE m histogram")]
    [InlineData("# TYPE m summary", "TYPE m summary")]
    [InlineData("# TYPE m untyped", "TYPE m untyped")]
    public void Metadata_lines(string line, string expected) => Assert.Equal([expected], Parsed.Text(line + "\n"));

    [Theory]
    [InlineData("#HELP m text")]
    [InlineData("# HELPm text")]
    [InlineData("# some comment")]
    [InlineData("# TYPE")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Comments_and_blank_lines_are_ignored(string line) => Assert.Empty(Parsed.Text(line + "\n"));

    [Theory]
    [InlineData("a NaN", "NaN")]
    [InlineData("a nan", "NaN")]
    [InlineData("a +Inf", "Infinity")]
    [InlineData("a -Inf", "-Infinity")]
    [InlineData("a Inf", "Infinity")]
    [InlineData("a inf", "Infinity")]
    [InlineData("a +infinity", "Infinity")]
    [InlineData("a 1e3", "1000")]
    [InlineData("a 1E+3", "1000")]
    [InlineData("a -0.5e-2", "-0.005")]
    [InlineData("a .5", "0.5")]
    [InlineData("a 5.", "5")]
    [InlineData("a +7", "7")]
    [InlineData("a -0", "-0")]
    [InlineData("a 0.1", "0.1")]
    [InlineData("a 123456.789012345", "123456.789012345")]
    [InlineData("a 1234567890123456789", "1.2345678901234568E+18")]
    [InlineData("a 4.9351e-05", "4.9351E-05")]
    [InlineData("a 1.7976931348623157e308", "1.7976931348623157E+308")]
    [InlineData("a 0.30000000000000004", "0.30000000000000004")]
    public void Special_and_scientific_values(string line, string expected) =>
        Assert.Equal(["a " + expected], Parsed.Text(line + "\n"));

    [Fact]
    public void NaN_is_stored_as_prometheus_normal_NaN_not_the_stale_marker()
    {
        var h = new RecordingHandler();
        ExpositionReader.Parse("a NaN\n"u8, ExpositionFormat.PrometheusText, h);
        Assert.Equal(0x7ff8000000000001UL, h.ValueBits[0]);
    }

    [Theory]
    [InlineData("a 1 1234567890123", "a 1 @1234567890123")]
    [InlineData("a 1 0", "a 1 @0")]
    [InlineData("a 1 -1000", "a 1 @-1000")]
    [InlineData("a 1 9223372036854775807", "a 1 @9223372036854775807")]
    [InlineData("a{b=\"c\"}1 5", "a{b=\"c\"} 1 @5")]
    [InlineData("  a 1  ", "a 1")]
    public void Timestamps_and_blanks(string line, string expected) => Assert.Equal([expected], Parsed.Text(line + "\n"));

    [Fact]
    public void Text_format_lets_label_commas_go_like_promparse()
    {
        var h = new LabelRecorder();
        ExpositionReader.Parse("a{b=\"c\" d=\"e\"} 1\na{b=\"c\"d=\"e\"} 2\n"u8, ExpositionFormat.PrometheusText, h);
        Assert.Equal(["__name__=a|b=c|d=e", "__name__=a|b=c|d=e"], h.Series);
    }

    [Fact]
    public void Le_and_quantile_are_canonicalised_after_histogram_and_summary_types()
    {
        var h = new LabelRecorder();
        ExpositionReader.Parse(
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"0.10\"} 1\nh_bucket{le=\"1e6\"} 1\nh_bucket{le=\"+Inf\"} 1\n"u8
            + "# TYPE s summary\ns{quantile=\"0.5\",le=\"1\"} 1\n# TYPE g gauge\ng{le=\"1\",quantile=\"1\"} 1\n"u8,
            ExpositionFormat.PrometheusText,
            h);
        Assert.Equal(
            [
                "__name__=h_bucket|le=1.0",
                "__name__=h_bucket|le=0.1",
                "__name__=h_bucket|le=1e+06",
                "__name__=h_bucket|le=+Inf",
                "__name__=s|quantile=0.5|le=1",
                "__name__=g|le=1|quantile=1",
            ],
            h.Series);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(100000.0, "100000.0")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000012345, "1.2345e-05")]
    [InlineData(0.25, "0.25")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e-300, "1.5e-300")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void OpenMetrics_float_rendering_matches_go(double f, string expected) => Assert.Equal(expected, OpenMetricsFloat.Format(f));

    [Fact]
    public void Last_line_without_newline_is_parsed()
    {
        Assert.Equal(["a 1", "b 2 @3"], Parsed.Text("a 1\nb 2 3"));
    }

    [Fact]
    public void Utf8_quoted_names()
    {
        var body = "# HELP \"go.gc_duration_seconds\" A summary.\n"
            + "# TYPE \"go.gc_duration_seconds\" summary\n"
            + "{\"go.gc_duration_seconds\",quantile=\"0\"} 4.9351e-05\n"
            + "{\"go.gc_duration_seconds\",quantile=\"0.25\",} 7\n"
            + "{ \"go.gc_duration_seconds\", quantile = \"1.0\", a = \"b\" } 8\n"
            + "{\"go.gc_duration_seconds_count\"} 99\n"
            + "{\"Heizölrückstoßabdämpfung 10€ metric with \\\"interesting\\\" {character\\nchoices}\",\"strange©™\\n'quoted' \\\"name\\\"\"=\"6\"} 10.0\n";
        Assert.Equal(
            [
                "HELP go.gc_duration_seconds A summary.",
                "TYPE go.gc_duration_seconds summary",
                "{\"go.gc_duration_seconds\",quantile=\"0\"} 4.9351E-05",
                "{\"go.gc_duration_seconds\",quantile=\"0.25\",} 7",
                "{ \"go.gc_duration_seconds\", quantile = \"1.0\", a = \"b\" } 8",
                "{\"go.gc_duration_seconds_count\"} 99",
                "{\"Heizölrückstoßabdämpfung 10€ metric with \\\"interesting\\\" {character\\nchoices}\",\"strange©™\\n'quoted' \\\"name\\\"\"=\"6\"} 10",
            ],
            Parsed.Text(body));
    }

    [Fact]
    public void Decoded_labels_resolve_escapes_and_quoted_names()
    {
        var h = new LabelRecorder();
        ExpositionReader.Parse(
            "{\"my.metric\", \"label.x\"=\"v\\\\\\n\\\"\", le=\"+Inf\",} 1\nplain { a = \"1\" } 2\n"u8,
            ExpositionFormat.PrometheusText,
            h);
        Assert.Equal("__name__=my.metric|label.x=v\\\n\"|le=+Inf", h.Series[0]);
        Assert.Equal("__name__=plain|a=1", h.Series[1]);
    }
}

/// <summary>Decodes every sample's labels the way the scrape loop does on a cache miss.</summary>
internal sealed class LabelRecorder : IExpositionHandler
{
    private readonly List<Tsdb.Storage.Label> _labels = [];

    public List<string> Series { get; } = [];

    public List<string> Exemplars { get; } = [];

    public void OnSample(in ExpositionSample sample)
    {
        sample.DecodeLabels(_labels);
        Series.Add(string.Join('|', _labels.Select(l => $"{l.Name}={l.Value}")));
        if (sample.HasExemplar)
        {
            sample.DecodeExemplarLabels(_labels);
            Exemplars.Add(string.Join('|', _labels.Select(l => $"{l.Name}={l.Value}")));
        }
    }

    public void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value)
    {
    }
}
