using System.Text.Json;

namespace Tsdb.Api.Tests.Http;

public class ApiV1Tests(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static void AssertError((int Status, JsonElement Body) r, int status, string type, string messagePart)
    {
        Assert.Equal(status, r.Status);
        Assert.Equal("error", r.Body.GetProperty("status").GetString());
        Assert.Equal(type, r.Body.GetProperty("errorType").GetString());
        Assert.Contains(messagePart, r.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstantVectorShape()
    {
        var (status, body) = await f.GetAsync("/api/v1/query?query=up&time=300");
        Assert.Equal(200, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
        var data = body.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        var result = data.GetProperty("result");
        Assert.Equal(2, result.GetArrayLength());
        var a = result.EnumerateArray().Single(e => e.GetProperty("metric").GetProperty("job").GetString() == "a");
        Assert.Equal("up", a.GetProperty("metric").GetProperty("__name__").GetString());
        Assert.Equal(300, a.GetProperty("value")[0].GetDouble());
        Assert.Equal("1", a.GetProperty("value")[1].GetString());
        Assert.False(body.TryGetProperty("warnings", out _));
    }

    [Fact]
    public async Task InstantPostFormAndScalar()
    {
        var (status, body) = await f.PostAsync("/api/v1/query", ("query", "1/0"), ("time", "1.5"));
        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.Equal("scalar", data.GetProperty("resultType").GetString());
        Assert.Equal("[1.500,\"+Inf\"]", data.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task NaNAndNegInfAndString()
    {
        var (_, body) = await f.GetAsync("/api/v1/query?query=m&time=600");
        Assert.Equal("NaN", body.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());
        (_, body) = await f.GetAsync("/api/v1/query?query=-1/0&time=1");
        Assert.Equal("-Inf", body.GetProperty("data").GetProperty("result")[1].GetString());
        (_, body) = await f.GetAsync("/api/v1/query?query=%22hi%22&time=1");
        Assert.Equal("string", body.GetProperty("data").GetProperty("resultType").GetString());
        Assert.Equal("[1,\"hi\"]", body.GetProperty("data").GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task InstantRfc3339Time()
    {
        var (status, body) = await f.GetAsync("/api/v1/query?query=m&time=1970-01-01T00:01:00Z");
        Assert.Equal(200, status);
        Assert.Equal("[60,\"60\"]", body.GetProperty("data").GetProperty("result")[0].GetProperty("value").GetRawText());
    }

    [Fact]
    public async Task RangeMatrixShape()
    {
        var (status, body) = await f.GetAsync("/api/v1/query_range?query=m&start=0&end=60&step=15s");
        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        var s = data.GetProperty("result")[0];
        Assert.Equal("{\"__name__\":\"m\",\"job\":\"a\"}", s.GetProperty("metric").GetRawText());
        Assert.Equal("[[0,\"0\"],[15,\"15\"],[30,\"30\"],[45,\"45\"],[60,\"60\"]]", s.GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task RangePostFloatStep()
    {
        var (status, body) = await f.PostAsync("/api/v1/query_range", ("query", "up"), ("start", "0"), ("end", "30"), ("step", "15"));
        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("data").GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task EmptyResultIsArray()
    {
        var (_, body) = await f.GetAsync("/api/v1/query?query=nothing_here&time=1");
        Assert.Equal("[]", body.GetProperty("data").GetProperty("result").GetRawText());
    }

    [Theory]
    [InlineData("/api/v1/query?query=up&time=abc", "invalid parameter \"time\": cannot parse \"abc\" to a valid timestamp")]
    [InlineData("/api/v1/query?query=sum(", "invalid parameter \"query\": ")]
    [InlineData("/api/v1/query?query=up&limit=-1", "limit")]
    [InlineData("/api/v1/query_range?query=up&start=10&end=0&step=1", "end timestamp must not be before start time")]
    [InlineData("/api/v1/query_range?query=up&start=0&end=10&step=0", "zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("/api/v1/query_range?query=up&start=0&end=10&step=-1", "zero or negative query resolution step widths are not accepted")]
    [InlineData("/api/v1/query_range?query=up&start=0&end=10&step=x", "invalid parameter \"step\": cannot parse \"x\" to a valid duration")]
    [InlineData("/api/v1/query_range?query=up&start=0&end=11001&step=1", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    [InlineData("/api/v1/query_range?query=up&end=10&step=1", "invalid parameter \"start\"")]
    [InlineData("/api/v1/series", "no match[] parameter provided")]
    [InlineData("/api/v1/series?match[]={job=~\".*\"}", "match[] must contain at least one non-empty matcher")]
    [InlineData("/api/v1/labels?match[]=up{", "parse error")]
    public async Task BadData(string url, string message)
    {
        AssertError(await f.GetAsync(url), 400, "bad_data", message);
    }

    [Fact]
    public async Task ParseErrorHasPosition()
    {
        var r = await f.GetAsync("/api/v1/query?query=sum(up");
        AssertError(r, 400, "bad_data", "invalid parameter \"query\": 1:");
    }

    [Fact]
    public async Task ExactlyElevenThousandStepsAllowed()
    {
        var (status, _) = await f.GetAsync("/api/v1/query_range?query=1&start=0&end=11000&step=1");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task UnknownApiPath404()
    {
        AssertError(await f.GetAsync("/api/v1/nope"), 404, "not_found", "404");
    }

    [Fact]
    public async Task FormatQuery()
    {
        var (status, body) = await f.GetAsync("/api/v1/format_query?query=sum(rate(up[5m]))by(job)");
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.String, body.GetProperty("data").ValueKind);
        Assert.Contains("sum by (job)", body.GetProperty("data").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeriesGetAndPost()
    {
        var (status, body) = await f.GetAsync("/api/v1/series?match[]=up&match[]=up{job=\"a\"}");
        Assert.Equal(200, status);
        Assert.Equal("[{\"__name__\":\"up\",\"instance\":\"x\",\"job\":\"a\"},{\"__name__\":\"up\",\"instance\":\"y\",\"job\":\"b\"}]", body.GetProperty("data").GetRawText());
        (status, body) = await f.PostAsync("/api/v1/series", ("match[]", "m"));
        Assert.Equal(200, status);
        Assert.Equal(1, body.GetProperty("data").GetArrayLength());
        (_, body) = await f.GetAsync("/api/v1/series?match[]=up&limit=1");
        Assert.Equal(1, body.GetProperty("data").GetArrayLength());
        Assert.Equal("results truncated due to limit", body.GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public async Task LabelsAndValues()
    {
        var (status, body) = await f.GetAsync("/api/v1/labels");
        Assert.Equal(200, status);
        Assert.Equal("[\"__name__\",\"instance\",\"job\"]", body.GetProperty("data").GetRawText());
        (_, body) = await f.PostAsync("/api/v1/labels", ("match[]", "m"));
        Assert.Equal("[\"__name__\",\"job\"]", body.GetProperty("data").GetRawText());
        (_, body) = await f.GetAsync("/api/v1/label/job/values");
        Assert.Equal("[\"a\",\"b\"]", body.GetProperty("data").GetRawText());
        (_, body) = await f.GetAsync("/api/v1/label/__name__/values?match[]={job=\"a\"}");
        Assert.Equal("[\"m\",\"up\"]", body.GetProperty("data").GetRawText());
        (_, body) = await f.GetAsync("/api/v1/label/nothing/values");
        Assert.Equal("[]", body.GetProperty("data").GetRawText());
    }

    [Theory]
    [InlineData("/api/v1/query_exemplars?query=up", "[]")]
    [InlineData("/api/v1/metadata", "{}")]
    [InlineData("/api/v1/rules", "{\"groups\":[]}")]
    [InlineData("/api/v1/alerts", "{\"alerts\":[]}")]
    [InlineData("/api/v1/targets", "{\"activeTargets\":[],\"droppedTargets\":[],\"droppedTargetCounts\":{}}")]
    public async Task EmptyEndpoints(string url, string data)
    {
        var (status, body) = await f.GetAsync(url);
        Assert.Equal(200, status);
        Assert.Equal(data, body.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task BuildInfo()
    {
        var (_, body) = await f.GetAsync("/api/v1/status/buildinfo");
        var d = body.GetProperty("data");
        Assert.Equal("3.0.0", d.GetProperty("version").GetString());
        foreach (var k in new[] { "revision", "branch", "buildUser", "buildDate", "goVersion" })
        {
            Assert.Equal(JsonValueKind.String, d.GetProperty(k).ValueKind);
        }

        Assert.False(d.TryGetProperty("features", out _));
    }

    [Fact]
    public async Task FlagsRuntimeTsdb()
    {
        var (_, body) = await f.GetAsync("/api/v1/status/flags");
        Assert.Equal("5m", body.GetProperty("data").GetProperty("query.lookback-delta").GetString());
        (_, body) = await f.GetAsync("/api/v1/status/runtimeinfo");
        Assert.Equal("15d", body.GetProperty("data").GetProperty("storageRetention").GetString());
        (_, body) = await f.GetAsync("/api/v1/status/tsdb");
        var d = body.GetProperty("data");
        Assert.Equal(3, d.GetProperty("headStats").GetProperty("numSeries").GetInt32());
        var byName = d.GetProperty("seriesCountByMetricName");
        Assert.Contains(byName.EnumerateArray(), e => e.GetProperty("name").GetString() == "up" && e.GetProperty("value").GetInt32() == 2);
    }

    [Fact]
    public async Task ReadyAndHealthy()
    {
        using var r = await f.Client.GetAsync(new Uri("/-/ready", UriKind.Relative));
        Assert.Equal(200, (int)r.StatusCode);
        using var h = await f.Client.GetAsync(new Uri("/-/healthy", UriKind.Relative));
        Assert.Equal(200, (int)h.StatusCode);
    }
}
