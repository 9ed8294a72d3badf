using System.Globalization;
using System.Text.RegularExpressions;

namespace Tsdb.Api.Tests.Http;

public sealed partial class MetricsEndpointTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ExposesServerStorageAndProcessMetricsInTextFormat()
    {
        await fx.GetAsync("/api/v1/query?query=up");
        using var r = await fx.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", r.Content.Headers.ContentType!.ToString());
        var text = await r.Content.ReadAsStringAsync();

        Assert.Contains("# TYPE prometheus_http_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/query\"}", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE prometheus_http_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_http_request_duration_seconds_bucket{handler=\"/api/v1/query\",le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_engine_query_duration_seconds_count{slice=\"inner_eval\"}", text, StringComparison.Ordinal);
        Assert.Equal(3, Value(text, "prometheus_tsdb_head_series"));
        Assert.True(Value(text, "prometheus_tsdb_head_samples_appended_total") >= 3 * 41);
        Assert.True(Value(text, "process_resident_memory_bytes") > 0);
        Assert.True(Value(text, "process_cpu_seconds_total") > 0);
        Assert.True(Value(text, "process_open_fds") > 0);
        Assert.Contains("prometheus_build_info{branch=\"\",goversion=", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE prometheus_tsdb_wal_fsync_duration_seconds histogram", text, StringComparison.Ordinal);

        // Every sample line is well formed: name, optional label block, value.
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            Assert.Matches(SampleLine(), line);
        }
    }

    private static double Value(string text, string name)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
