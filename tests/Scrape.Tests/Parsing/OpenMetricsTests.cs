using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Tests.Parsing;

/// <summary>OpenMetrics 1.0: cases from the spec and Prometheus's openmetricsparse tests, rewritten as tables.</summary>
public class OpenMetricsTests
{
    [Fact]
    public void Prometheus_parser_conformance_body()
    {
        var body = "# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n"
            + "# TYPE go_gc_duration_seconds summary\n"
            + "# UNIT go_gc_duration_seconds seconds\n"
            + "go_gc_duration_seconds{quantile=\"0\"} 4.9351e-05\n"
            + "go_gc_duration_seconds{quantile=\"0.5\",a=\"b\"} 8.3835e-05\n"
            + "# HELP nohelp1 \n"
            + "# HELP help2 escape \\ \\n \\\\ \\\" \\x chars\n"
            + "# UNIT nounit \n"
            + "go_gc_duration_seconds_count 99\n"
            + "some:aggregate:rate5m{a_b=\"c\"} 1\n"
            + "# TYPE go_goroutines gauge\n"
            + "go_goroutines 33 123.123\n"
            + "# TYPE hhh histogram\n"
            + "hhh_bucket{le=\"+Inf\"} 1 # {id=\"histogram-bucket-test\"} 4\n"
            + "hhh_count 1 # {id=\"histogram-count-test\"} 4\n"
            + "# TYPE ggh gaugehistogram\n"
            + "ggh_bucket{le=\"+Inf\"} 1 # {id=\"gaugehistogram-bucket-test\",xx=\"yy\"} 4 123.123\n"
            + "# TYPE smr_seconds summary\n"
            + "smr_seconds_count 2.0 # {id=\"summary-count-test\"} 1 123.321\n"
            + "# TYPE ii info\n"
            + "ii{foo=\"bar\"} 1\n"
            + "# TYPE ss stateset\n"
            + "ss{ss=\"foo\"} 1\n"
            + "# TYPE un unknown\n"
            + "_metric_starting_with_underscore 1\n"
            + "testmetric{label=\"\\\"bar\\\"\"} 1\n"
            + "# TYPE foo counter\n"
            + "foo_total 17.0 1520879607.789 # {id=\"counter-test\"} 5\n"
            + "foo_created 1520872607.123\n"
            + "foo_total{a=\"b\"} 17.0 1520879607.789 # {id=\"counter-test\"} 5\n"
            + "foo_created{a=\"b\"} 1520872607.123\n"
            + "# EOF\n";

        Assert.Equal(
            [
                "HELP go_gc_duration_seconds A summary of the GC invocation durations.",
                "TYPE go_gc_duration_seconds summary",
                "UNIT go_gc_duration_seconds seconds",
                "go_gc_duration_seconds{quantile=\"0\"} 4.9351E-05",
                "go_gc_duration_seconds{quantile=\"0.5\",a=\"b\"} 8.3835E-05",
                "HELP nohelp1 ",
                "HELP help2 escape \\ \n \\ \" \\x chars",
                "UNIT nounit ",
                "go_gc_duration_seconds_count 99",
                "some:aggregate:rate5m{a_b=\"c\"} 1",
                "TYPE go_goroutines gauge",
                "go_goroutines 33 @123123",
                "TYPE hhh histogram",
                "hhh_bucket{le=\"+Inf\"} 1 # {id=\"histogram-bucket-test\"} 4",
                "hhh_count 1 # {id=\"histogram-count-test\"} 4",
                "TYPE ggh gaugehistogram",
                "ggh_bucket{le=\"+Inf\"} 1 # {id=\"gaugehistogram-bucket-test\",xx=\"yy\"} 4 @123123",
                "TYPE smr_seconds summary",
                "smr_seconds_count 2 # {id=\"summary-count-test\"} 1 @123321",
                "TYPE ii info",
                "ii{foo=\"bar\"} 1",
                "TYPE ss stateset",
                "ss{ss=\"foo\"} 1",
                "TYPE un unknown",
                "_metric_starting_with_underscore 1",
                "testmetric{label=\"\\\"bar\\\"\"} 1",
                "TYPE foo counter",
                "foo_total 17 @1520879607789 # {id=\"counter-test\"} 5",
                "foo_created 1520872607.123",
                "foo_total{a=\"b\"} 17 @1520879607789 # {id=\"counter-test\"} 5",
                "foo_created{a=\"b\"} 1520872607.123",
            ],
            Parsed.OpenMetrics(body));
    }

    [Theory]
    [InlineData("counter")]
    [InlineData("gauge")]
    [InlineData("histogram")]
    [InlineData("gaugehistogram")]
    [InlineData("summary")]
    [InlineData("info")]
    [InlineData("stateset")]
    [InlineData("unknown")]
    public void Every_type_word(string type) =>
        Assert.Equal(["TYPE m " + type], Parsed.OpenMetrics($"# TYPE m {type}\n# EOF\n"));

    [Theory]
    [InlineData("# EOF")]
    [InlineData("# EOF\n")]
    public void Eof_with_or_without_final_newline(string body) => Assert.Empty(Parsed.OpenMetrics(body));

    [Theory]
    [InlineData("a 1 1", 1000L)]
    [InlineData("a 1 1.5", 1500L)]
    [InlineData("a 1 -1.5", -1500L)]
    [InlineData("a 1 1520879607.789", 1520879607789L)]
    [InlineData("a 1 1e3", 1000000L)]
    [InlineData("a 1 0.0019", 1L)]
    public void Timestamps_are_seconds_truncated_to_milliseconds(string line, long ms) =>
        Assert.Equal([$"a 1 @{ms}"], Parsed.OpenMetrics(line + "\n# EOF\n"));

    [Theory]
    [InlineData("a_total 1 # {} 2", "a_total 1 # {} 2")]
    [InlineData("a_total 1 # {x=\"y\"} NaN", "a_total 1 # {x=\"y\"} NaN")]
    [InlineData("a_total 1 5 # {x=\"y\"} 2 1.5", "a_total 1 @5000 # {x=\"y\"} 2 @1500")]
    [InlineData("a_bucket{le=\"1\"} 1 # {\"trace.id\"=\"abc\"} 0.5", "a_bucket{le=\"1\"} 1 # {\"trace.id\"=\"abc\"} 0.5")]
    public void Exemplars(string line, string expected) => Assert.Equal([expected], Parsed.OpenMetrics(line + "\n# EOF\n"));

    [Fact]
    public void Exemplar_label_length_limit_is_128_code_points()
    {
        // "id" (2) + 126 code points = 128: allowed; one more is too long. "é" is one code point, two bytes.
        var ok = "a_total 1 # {id=\"" + new string('é', 126) + "\"} 1\n# EOF\n";
        var tooLong = "a_total 1 # {id=\"" + new string('é', 127) + "\"} 1\n# EOF\n";
        Assert.DoesNotContain("(too long)", Parsed.OpenMetrics(ok)[0], StringComparison.Ordinal);
        Assert.EndsWith("(too long)", Parsed.OpenMetrics(tooLong)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Exemplar_labels_decode_without_a_metric_name()
    {
        var h = new LabelRecorder();
        ExpositionReader.Parse("a_total{b=\"c\"} 1 # {trace_id=\"x\\\"y\",span=\"1\"} 2\n# EOF\n"u8, ExpositionFormat.OpenMetrics, h);
        Assert.Equal("__name__=a_total|b=c", h.Series[0]);
        Assert.Equal("trace_id=x\"y|span=1", h.Exemplars[0]);
    }

    [Fact]
    public void Utf8_quoted_names()
    {
        var body = "# TYPE \"go.gc_duration_seconds\" summary\n"
            + "# UNIT \"go.gc_duration_seconds\" seconds\n"
            + "{\"go.gc_duration_seconds\",quantile=\"0\"} 4.9351e-05\n"
            + "{\"go.gc_duration_seconds_count\"} 99\n"
            + "{\"my.counter_total\",\"label.x\"=\"v\"} 1 # {\"ex.id\"=\"1\"} 2\n"
            + "# EOF\n";
        Assert.Equal(
            [
                "TYPE go.gc_duration_seconds summary",
                "UNIT go.gc_duration_seconds seconds",
                "{\"go.gc_duration_seconds\",quantile=\"0\"} 4.9351E-05",
                "{\"go.gc_duration_seconds_count\"} 99",
                "{\"my.counter_total\",\"label.x\"=\"v\"} 1 # {\"ex.id\"=\"1\"} 2",
            ],
            Parsed.OpenMetrics(body));
    }

    [Fact]
    public void Le_is_canonicalised_for_histograms_but_not_gaugehistograms()
    {
        var h = new LabelRecorder();
        ExpositionReader.Parse(
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 1\n# TYPE s summary\ns{quantile=\"0.50\"} 1\n# EOF\n"u8,
            ExpositionFormat.OpenMetrics,
            h);
        Assert.Equal(["__name__=h_bucket|le=1.0", "__name__=g_bucket|le=1", "__name__=s|quantile=0.5"], h.Series);
    }

    [Fact]
    public void Exemplar_members_are_exposed()
    {
        var h = new ExemplarCapture();
        ExpositionReader.Parse("a_total 3 # {t=\"x\"} 0.5 12.25\nb 1\n# EOF\n"u8, ExpositionFormat.OpenMetrics, h);
        Assert.Equal((true, "{t=\"x\"}", 0.5, true, 12250L, false), h.First);
        Assert.False(h.SecondHasExemplar);
    }

    [Fact]
    public void Created_series_pass_through_as_samples()
    {
        Assert.Equal(
            ["TYPE c counter", "c_total 1", "c_created 1700000000"],
            Parsed.OpenMetrics("# TYPE c counter\nc_total 1\nc_created 1700000000\n# EOF\n"));
    }

    [Theory]
    [InlineData("+Inf", "Infinity")]
    [InlineData("-Inf", "-Infinity")]
    [InlineData("NaN", "NaN")]
    [InlineData("1.5e-3", "0.0015")]
    [InlineData("17", "17")]
    public void Special_values(string value, string expected) =>
        Assert.Equal(["g " + expected], Parsed.OpenMetrics($"g {value}\n# EOF\n"));
}

internal sealed class ExemplarCapture : IExpositionHandler
{
    private int _n;

    public (bool Has, string Labels, double Value, bool HasTs, long Ts, bool TooLong) First { get; private set; }

    public bool SecondHasExemplar { get; private set; }

    public void OnSample(in ExpositionSample sample)
    {
        if (_n++ == 0)
        {
            First = (sample.HasExemplar, System.Text.Encoding.UTF8.GetString(sample.ExemplarLabels), sample.ExemplarValue, sample.ExemplarHasTimestamp, sample.ExemplarTimestampMs, sample.ExemplarLabelsTooLong);
        }
        else
        {
            SecondHasExemplar = sample.HasExemplar;
        }
    }

    public void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value)
    {
    }
}
