using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Tests.Parsing;

public class ContentTypeTests
{
    [Theory]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain; version=0.0.4", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain;version=1.0.0;escaping=allow-utf-8", ExpositionFormat.PrometheusText)]
    [InlineData("Text/Plain", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1", ExpositionFormat.OpenMetrics)]
    [InlineData(" application/openmetrics-text ", ExpositionFormat.OpenMetrics)]
    public void Known_types(string contentType, ExpositionFormat expected) =>
        Assert.Equal(expected, ExpositionReader.FormatFromContentType(contentType));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("application/json")]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")]
    [InlineData("text/html")]
    [InlineData("text/plainx")]
    public void Unsupported_types(string? contentType) => Assert.Null(ExpositionReader.FormatFromContentType(contentType));

    [Fact]
    public void Unsupported_messages_match_prometheus()
    {
        Assert.Equal(
            "received unsupported Content-Type \"application/json\" and no fallback_scrape_protocol specified for target",
            ExpositionReader.UnsupportedContentTypeMessage("application/json"));
        Assert.Equal(
            "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target",
            ExpositionReader.UnsupportedContentTypeMessage(""));
    }
}
