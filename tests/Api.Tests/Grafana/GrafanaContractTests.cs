using System.Globalization;
using System.Net;
using System.Text.Json;
using Tsdb.Api.RemoteWrite.Proto.V1;
using Tsdb.Api.Tests.RemoteWrite;

namespace Tsdb.Api.Tests.Grafana;

/// <summary>
/// Replays the requests Grafana's Prometheus datasource sends (shared/docs/contracts.md section 1)
/// and checks every field Grafana reads. docs/grafana.md lists them.
/// </summary>
public sealed class GrafanaContractTests(GrafanaFixture fx) : IClassFixture<GrafanaFixture>
{
    private static readonly string S = GrafanaFixture.Start.ToString(CultureInfo.InvariantCulture);
    private static readonly string E = GrafanaFixture.End.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_SaveAndTestHealthCheck()
    {
        // POST query=1+1 at time=4: HTTP 200 and a success envelope, else Grafana reports the datasource broken.
        var (status, body) = await fx.PostForm("/api/v1/query", ("query", "1+1"), ("time", "4"));
        Assert.Equal(200, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("scalar", body.GetProperty("data").GetProperty("resultType").GetString());
        var point = body.GetProperty("data").GetProperty("result");
        Assert.Equal(4, point[0].GetDouble());
        Assert.Equal("2", point[1].GetString());

        // The GET variant (datasource method GET) and with a timeout parameter (some versions send it).
        (status, body) = await fx.Get("/api/v1/query?query=1%2B1&time=4&timeout=60s");
        Assert.Equal(200, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task B_RangeQueryAsPostForm()
    {
        // Grafana aligns start/end down to the step and sends seconds as decimal strings.
        var (status, body) = await fx.PostForm("/api/v1/query_range",
            ("query", "sum by (job) (rate(http_requests_total[1m]))"), ("start", S), ("end", E), ("step", "15"), ("timeout", "60s"));
        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        var series = data.GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(["api", "web"], series.Select(s => s.GetProperty("metric").GetProperty("job").GetString()).Order());
        foreach (var s in series)
        {
            var values = s.GetProperty("values").EnumerateArray().ToList();
            Assert.True(values.Count > 200);
            foreach (var v in values)
            {
                Assert.Equal(JsonValueKind.Number, v[0].ValueKind);
                Assert.Equal(JsonValueKind.String, v[1].ValueKind);
                Assert.True(double.TryParse(v[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            }
        }

        // 11 events/s per job: 10/15 s for code 200 plus 1/15 s for code 500.
        Assert.Equal(11.0 / 15, double.Parse(series[0].GetProperty("values")[10][1].GetString()!, CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public async Task B_RangeQueryWithFractionalSecondsAndSubSecondStep()
    {
        var (status, body) = await fx.PostForm("/api/v1/query_range",
            ("query", "node_load1"), ("start", S + ".5"), ("end", (GrafanaFixture.Start + 10).ToString(CultureInfo.InvariantCulture) + ".5"), ("step", "0.5"));
        Assert.Equal(200, status);
        var values = body.GetProperty("data").GetProperty("result")[0].GetProperty("values");
        Assert.Equal(21, values.GetArrayLength());
        Assert.Equal(GrafanaFixture.Start + 0.5, values[0][0].GetDouble());
    }

    [Fact]
    public async Task C_InstantQueryAtRangeEndNotAligned()
    {
        var (status, body) = await fx.PostForm("/api/v1/query", ("query", "node_load1"), ("time", E + ".123"));
        Assert.Equal(200, status);
        var result = body.GetProperty("data").GetProperty("result");
        Assert.Equal("vector", body.GetProperty("data").GetProperty("resultType").GetString());
        Assert.Equal(GrafanaFixture.End + 0.123, result[0].GetProperty("value")[0].GetDouble(), 6);
        Assert.Equal("n1", result[0].GetProperty("metric").GetProperty("instance").GetString());
    }

    [Fact]
    public async Task CustomQueryParametersAreIgnored()
    {
        var (status, body) = await fx.PostForm("/api/v1/query", ("query", "1"), ("time", "4"), ("customParam", "x"), ("orgId", "1"));
        Assert.Equal(200, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/api/v1/query", "query", "sum(", 400, "bad_data")]
    [InlineData("/api/v1/query_range", "query", "up", 400, "bad_data")]
    [InlineData("/api/v1/query", "query", "label_replace(node_load1, \"x\", \"$1\", \"instance\", \"(\")", 422, "execution")]
    public async Task ErrorsAreAlwaysAJsonEnvelope(string path, string key, string query, int code, string type)
    {
        // Grafana ignores the HTTP status of queries and shows "<errorType>: <error>" from the body.
        var (status, body) = await fx.PostForm(path, (key, query), ("time", E));
        Assert.Equal(code, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal(type, body.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task D_LabelValuesForTheMetricBrowser()
    {
        var (status, body) = await fx.Get($"/api/v1/label/__name__/values?start={S}&end={E}&limit=40000");
        Assert.Equal(200, status);
        // (The write-back test may add grafana:rule:sum to the head concurrently; the head answers for its whole span.)
        Assert.Equal(["http_requests_total", "node_load1", "otel_requests"], body.GetProperty("data").EnumerateArray().Select(v => v.GetString()).Where(n => !n!.StartsWith("grafana:", StringComparison.Ordinal)));

        (_, body) = await fx.Get($"/api/v1/label/job/values?match%5B%5D=http_requests_total%7Bcode%3D%22500%22%7D&start={S}&end={E}&limit=40000");
        Assert.Equal(["api", "web"], body.GetProperty("data").EnumerateArray().Select(v => v.GetString()));

        // limit=0 means unlimited; a small limit truncates with a warning.
        (_, body) = await fx.Get($"/api/v1/label/__name__/values?start={S}&end={E}&limit=1");
        Assert.Single(body.GetProperty("data").EnumerateArray());
        Assert.Equal("results truncated due to limit", body.GetProperty("warnings")[0].GetString());

        // UTF-8 label names arrive U__-escaped.
        (_, body) = await fx.Get($"/api/v1/label/U__http_2e_status__code/values?start={S}&end={E}&limit=40000");
        Assert.Equal(["200"], body.GetProperty("data").EnumerateArray().Select(v => v.GetString()));

        // A POST to the label values path (forwarded as-is by some versions) is harmless.
        (status, body) = await fx.PostForm("/api/v1/label/instance/values", ("start", S), ("end", E));
        Assert.Equal(200, status);
        Assert.Equal(["api:80", "n1", "web:80"], body.GetProperty("data").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task E_LabelNamesWithRepeatedMatch()
    {
        var (status, body) = await fx.PostForm("/api/v1/labels",
            ("start", S), ("end", E), ("limit", "40000"), ("match[]", "http_requests_total"), ("match[]", "node_load1"));
        Assert.Equal(200, status);
        Assert.Equal(["__name__", "code", "instance", "job"], body.GetProperty("data").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task F_SeriesLookupForVariables()
    {
        var (status, body) = await fx.PostForm("/api/v1/series", ("match[]", "{__name__!=\"\"}"), ("start", S), ("end", E), ("limit", "40000"));
        Assert.Equal(200, status);
        var series = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(6, series.Count);
        Assert.All(series, s => Assert.Equal(JsonValueKind.String, s.GetProperty("__name__").ValueKind));
    }

    [Fact]
    public async Task ExemplarProbeWithMillisecondTimestampsSucceeds()
    {
        var ms = (GrafanaFixture.Start * 1000).ToString(CultureInfo.InvariantCulture);
        var (status, body) = await fx.PostForm("/api/v1/query_exemplars", ("query", "test"), ("start", ms), ("end", ms));
        Assert.Equal(200, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task MetadataForHintsAndAutocomplete()
    {
        var (status, body) = await fx.Get("/api/v1/metadata");
        Assert.Equal(200, status);
        var counter = body.GetProperty("data").GetProperty("http_requests_total")[0];
        Assert.Equal("counter", counter.GetProperty("type").GetString());
        Assert.Equal("Total HTTP requests.", counter.GetProperty("help").GetString());
        Assert.Equal("", counter.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task BuildInfoIsSemverWithoutFeatures()
    {
        // A `features` object would make Grafana classify us as Mimir and try its ruler API.
        var (status, body) = await fx.Get("/api/v1/status/buildinfo");
        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.Matches(@"^\d+\.\d+\.\d+$", data.GetProperty("version").GetString());
        Assert.False(data.TryGetProperty("features", out _));
    }

    [Fact]
    public async Task RulesListingHasGroups()
    {
        var (status, body) = await fx.Get("/api/v1/rules");
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("data").GetProperty("groups").ValueKind);
    }

    [Theory]
    [InlineData("/api/v1/status/flags")]
    [InlineData("/api/v1/status/runtimeinfo")]
    [InlineData("/api/v1/status/config")]
    [InlineData("/api/v1/status/tsdb")]
    [InlineData("/api/v1/alerts")]
    [InlineData("/api/v1/targets")]
    public async Task StatusLookupsAnswerSuccess(string path)
    {
        var (status, body) = await fx.Get(path);
        Assert.Equal(200, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RecordingRuleWriteBackOnPushWithUnsortedLabels()
    {
        // Grafana-managed recording rules post Remote-Write 1.0 with labels in Go map order, to /api/v1/push for non-Prometheus types.
        var t = (GrafanaFixture.End + 60) * 1000;
        var request = RemoteWriteEncoder.Request(RemoteWriteEncoder.Series(["job", "api", "__name__", "grafana:rule:sum"], (t, 42)));
        using (var r = await fx.Client.PostAsync(new Uri("/api/v1/push", UriKind.Relative), RemoteWriteEncoder.Content(RemoteWriteEncoder.Encode(request))))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        var (_, body) = await fx.PostForm("/api/v1/query", ("query", "grafana:rule:sum"), ("time", ((t / 1000) + 1).ToString(CultureInfo.InvariantCulture)));
        Assert.Equal("42", body.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());

        // A different value at the same timestamp: 400 whose body says "duplicate sample for timestamp" (Grafana treats it as success).
        var dup = RemoteWriteEncoder.Request(RemoteWriteEncoder.Series(["__name__", "grafana:rule:sum", "job", "api"], (t, 43)));
        using var d = await fx.Client.PostAsync(new Uri("/api/v1/write", UriKind.Relative), RemoteWriteEncoder.Content(RemoteWriteEncoder.Encode(dup)));
        Assert.Equal(HttpStatusCode.BadRequest, d.StatusCode);
        Assert.Contains("duplicate sample for timestamp", await d.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
