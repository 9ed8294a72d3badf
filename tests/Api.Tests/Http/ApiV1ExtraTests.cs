using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tsdb.Api.Http;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Http;

public sealed class ApiV1ExtraTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ParseQueryReturnsTheAstTree()
    {
        var (status, body) = await fx.PostAsync("/api/v1/parse_query", ("query", "sum by (job) (rate(up{job=~\"a|b\"}[5m] offset 1m)) > bool 0.5"));
        Assert.Equal(200, status);
        var root = body.GetProperty("data");
        Assert.Equal("binaryExpr", root.GetProperty("type").GetString());
        Assert.Equal(">", root.GetProperty("op").GetString());
        Assert.True(root.GetProperty("bool").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("matching").ValueKind);
        Assert.Equal("0.5", root.GetProperty("rhs").GetProperty("val").GetString());
        var agg = root.GetProperty("lhs");
        Assert.Equal("aggregation", agg.GetProperty("type").GetString());
        Assert.Equal("sum", agg.GetProperty("op").GetString());
        Assert.Equal("job", agg.GetProperty("grouping")[0].GetString());
        var call = agg.GetProperty("expr");
        Assert.Equal("rate", call.GetProperty("func").GetProperty("name").GetString());
        Assert.Equal("matrix", call.GetProperty("func").GetProperty("argTypes")[0].GetString());
        var ms = call.GetProperty("args")[0];
        Assert.Equal("matrixSelector", ms.GetProperty("type").GetString());
        Assert.Equal(300_000, ms.GetProperty("range").GetInt64());
        Assert.Equal(60_000, ms.GetProperty("offset").GetInt64());
        Assert.Contains(ms.GetProperty("matchers").EnumerateArray(), m => m.GetProperty("type").GetString() == "=~" && m.GetProperty("value").GetString() == "a|b");

        (status, body) = await fx.GetAsync("/api/v1/parse_query?query=sum(");
        Assert.Equal(400, status);
        Assert.Equal("bad_data", body.GetProperty("errorType").GetString());
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1e30, "1000000000000000000000000000000")]
    [InlineData(1e-30, "0.000000000000000000000000000001")]
    [InlineData(-1.5e-7, "-0.00000015")]
    [InlineData(123456789012, "123456789012")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void ParseQueryNumbersAreWrittenLikeGo(double v, string expected) =>
        Assert.Equal(expected, ParseQueryJson.FormatNumber(v));

    [Theory]
    [InlineData("U__http_2e_status__code", "http.status_code")]
    [InlineData("plain", "plain")]
    [InlineData("U___ffffffff_", "U___ffffffff_")]
    [InlineData("U___zz_", "U___zz_")]
    public void LabelNamesAreUnescaped(string escaped, string name) =>
        Assert.Equal(name, LabelNameEscaping.Unescape(escaped));

    [Fact]
    public async Task LimitTruncatesQueryResultsWithAWarning()
    {
        var (status, body) = await fx.GetAsync("/api/v1/query?query=up&time=600&limit=1");
        Assert.Equal(200, status);
        Assert.Equal(1, body.GetProperty("data").GetProperty("result").GetArrayLength());
        Assert.Equal("results truncated due to limit", body.GetProperty("warnings")[0].GetString());

        (_, body) = await fx.GetAsync("/api/v1/query_range?query=up&start=0&end=600&step=60&limit=1");
        Assert.Equal(1, body.GetProperty("data").GetProperty("result").GetArrayLength());

        (_, body) = await fx.GetAsync("/api/v1/query?query=up&time=600&limit=5");
        Assert.Equal(2, body.GetProperty("data").GetProperty("result").GetArrayLength());
        Assert.False(body.TryGetProperty("warnings", out _));
    }

    [Fact]
    public async Task MetadataServesTheSharedStore()
    {
        fx.Server.Metadata.Set("http_requests_total", new MetricMetadataEntry("counter", "Requests.", ""));
        fx.Server.Metadata.Set("temp_celsius", new MetricMetadataEntry("gauge", "Temperature.", "celsius"));
        var (status, body) = await fx.GetAsync("/api/v1/metadata");
        Assert.Equal(200, status);
        var entry = body.GetProperty("data").GetProperty("temp_celsius")[0];
        Assert.Equal("gauge", entry.GetProperty("type").GetString());
        Assert.Equal("Temperature.", entry.GetProperty("help").GetString());
        Assert.Equal("celsius", entry.GetProperty("unit").GetString());

        (_, body) = await fx.GetAsync("/api/v1/metadata?metric=http_requests_total");
        Assert.Equal(["http_requests_total"], body.GetProperty("data").EnumerateObject().Select(p => p.Name));

        (_, body) = await fx.GetAsync("/api/v1/metadata?limit=1");
        Assert.Single(body.GetProperty("data").EnumerateObject());

        (_, body) = await fx.GetAsync("/api/v1/metadata?limit=0");
        Assert.Empty(body.GetProperty("data").EnumerateObject());

        (_, body) = await fx.GetAsync("/api/v1/metadata?limit_per_metric=0&metric=temp_celsius");
        Assert.Single(body.GetProperty("data").GetProperty("temp_celsius").EnumerateArray());

        (status, body) = await fx.GetAsync("/api/v1/metadata?limit=x");
        Assert.Equal(400, status);
        Assert.Equal("bad_data", body.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task ExecutionErrorsAre422AndTimeoutsAre503()
    {
        var (status, body) = await fx.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString("label_replace(up, \"x\", \"$1\", \"job\", \"(\")") + "&time=600");
        Assert.Equal(422, status);
        Assert.Equal("execution", body.GetProperty("errorType").GetString());

        (status, body) = await fx.GetAsync("/api/v1/query_range?query=" + Uri.EscapeDataString("count_over_time(up[1h:1s])") + "&start=0&end=10000&step=1&timeout=0");
        Assert.True(status == 503, body.ToString());
        Assert.Equal("timeout", body.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task UnexpectedExceptionsBecomeTheInternalEnvelope()
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Path = "/api/v1/boom";
        ctx.Response.Body = new MemoryStream();
        await ApiErrorEnvelope.Middleware(ctx, _ => throw new InvalidOperationException("boom"));
        await ctx.Response.BodyWriter.FlushAsync();
        Assert.Equal(500, ctx.Response.StatusCode);
        ctx.Response.Body.Position = 0;
        var json = JsonDocument.Parse(ctx.Response.Body).RootElement;
        Assert.Equal("error", json.GetProperty("status").GetString());
        Assert.Equal("internal", json.GetProperty("errorType").GetString());
        Assert.Equal("boom", json.GetProperty("error").GetString());
    }
}
