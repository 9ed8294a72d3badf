using System.Text.Json;

namespace Tsdb.Api.Tests.Http;

public sealed class AdminApiTests(AdminEnabledFixture f) : IClassFixture<AdminEnabledFixture>
{
    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    private async Task<List<string>> JobsAt(string name, int seconds)
    {
        var body = await f.GetJsonAsync($"/api/v1/query?query={name}&time={seconds}");
        Assert.Equal("success", body.GetProperty("status").GetString());
        return [.. body.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("job").GetString()!).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task DeleteSeries_Post_204_ThenQueryShowsDataGone()
    {
        f.Load("del_post");
        Assert.Equal(["a", "b"], await JobsAt("del_post", 300));
        var (status, body) = await f.SendAsync(HttpMethod.Post, "/api/v1/admin/tsdb/delete_series", ("match[]", "del_post{job=\"a\"}"));
        Assert.Equal(204, status);
        Assert.Empty(body);
        Assert.Equal(["b"], await JobsAt("del_post", 300));
        Assert.Equal(["b"], await JobsAt("del_post", 600));
    }

    [Fact]
    public async Task DeleteSeries_Put_WithTimeRange_DeletesOnlyThatRange()
    {
        f.Load("del_range");
        var (status, _) = await f.SendAsync(HttpMethod.Put, "/api/v1/admin/tsdb/delete_series?match[]=del_range&start=100&end=200");
        Assert.Equal(204, status);
        var raw = await f.GetJsonAsync("/api/v1/query?time=600&query=" + Uri.EscapeDataString("del_range{job=\"a\"}[600s]"));
        var sampleTimes = raw.GetProperty("data").GetProperty("result")[0].GetProperty("values").EnumerateArray().Select(v => v[0].GetDouble()).ToList();
        Assert.DoesNotContain(sampleTimes, t => t >= 100 && t <= 200);
        Assert.Contains(90.0, sampleTimes);
        Assert.Contains(210.0, sampleTimes);
        Assert.Equal(["a", "b"], await JobsAt("del_range", 600));
    }

    [Theory]
    [InlineData("", "no match[] parameter provided")]
    [InlineData("match[]=up%7B&start=0", "invalid parameter \"match[]\": ")]
    [InlineData("match[]=%7Bjob%3D~%22.*%22%7D", "invalid parameter \"match[]\": ")]
    [InlineData("match[]=up&start=yesterday", "invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp")]
    [InlineData("match[]=up&end=x", "invalid parameter \"end\": cannot parse \"x\" to a valid timestamp")]
    public async Task DeleteSeries_BadInput_400BadData(string query, string error)
    {
        var (status, text) = await f.SendAsync(HttpMethod.Post, "/api/v1/admin/tsdb/delete_series?" + query);
        Assert.Equal(400, status);
        var body = Parse(text);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("bad_data", body.GetProperty("errorType").GetString());
        Assert.StartsWith(error, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteSeries_Get_IsNotServed()
    {
        var (status, _) = await f.SendAsync(HttpMethod.Get, "/api/v1/admin/tsdb/delete_series?match[]=up");
        Assert.NotEqual(204, status);
        Assert.NotEqual(200, status);
    }

    [Fact]
    public async Task CleanTombstones_204()
    {
        f.Load("clean_me");
        await f.SendAsync(HttpMethod.Post, "/api/v1/admin/tsdb/delete_series", ("match[]", "clean_me"), ("end", "100"));
        var (status, body) = await f.SendAsync(HttpMethod.Post, "/api/v1/admin/tsdb/clean_tombstones");
        Assert.Equal(204, status);
        Assert.Empty(body);
        (status, _) = await f.SendAsync(HttpMethod.Put, "/api/v1/admin/tsdb/clean_tombstones");
        Assert.Equal(204, status);
        Assert.Equal(["a", "b"], await JobsAt("clean_me", 300));
    }

    [Fact]
    public async Task Snapshot_200_NameAndDirectoryWithBlock()
    {
        f.Load("snap_me");
        var (status, text) = await f.SendAsync(HttpMethod.Post, "/api/v1/admin/tsdb/snapshot");
        Assert.Equal(200, status);
        var body = Parse(text);
        Assert.Equal("success", body.GetProperty("status").GetString());
        var name = body.GetProperty("data").GetProperty("name").GetString()!;
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}$", name);
        var dir = Path.Combine(f.DataDir, "snapshots", name);
        Assert.True(Directory.Exists(dir));
        var blocks = Directory.GetDirectories(dir);
        Assert.NotEmpty(blocks);
        Assert.All(blocks, b => Assert.True(File.Exists(Path.Combine(b, "meta.json"))));
    }

    [Fact]
    public async Task Snapshot_SkipHead_WithoutBlocks_IsEmpty_AndBadBoolIs400()
    {
        var (status, text) = await f.SendAsync(HttpMethod.Put, "/api/v1/admin/tsdb/snapshot?skip_head=true");
        Assert.Equal(200, status);
        var name = Parse(text).GetProperty("data").GetProperty("name").GetString()!;
        Assert.Empty(Directory.GetDirectories(Path.Combine(f.DataDir, "snapshots", name)));

        (status, text) = await f.SendAsync(HttpMethod.Post, "/api/v1/admin/tsdb/snapshot?skip_head=maybe");
        Assert.Equal(400, status);
        Assert.Equal("bad_data", Parse(text).GetProperty("errorType").GetString());
        Assert.Contains("skip_head", Parse(text).GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}

public sealed class AdminApiDisabledTests(AdminDisabledFixture f) : IClassFixture<AdminDisabledFixture>
{
    [Theory]
    [InlineData("delete_series?match[]=up")]
    [InlineData("clean_tombstones")]
    [InlineData("snapshot")]
    public async Task Disabled_503UnavailableEnvelope(string path)
    {
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put })
        {
            var (status, text) = await f.SendAsync(method, "/api/v1/admin/tsdb/" + path);
            Assert.Equal(503, status);
            Assert.Equal("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}", text);
        }

        Assert.False(Directory.Exists(Path.Combine(f.DataDir, "snapshots")));
    }
}
