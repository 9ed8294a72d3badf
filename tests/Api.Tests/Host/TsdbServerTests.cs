using Microsoft.AspNetCore.Builder;
using System.Text.Json;
using Tsdb.Api.Host;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Host;

public class TsdbServerTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "tsdb-host-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ReadyIs503UntilDbOpenThen200()
    {
        var dir = TempDir();
        var gate = new TaskCompletionSource();
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + dir]);
        var server = await TsdbServer.StartAsync(flags!, null, _ => { }, gate.Task);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) };
            using (var r = await client.GetAsync(new Uri("/-/ready", UriKind.Relative)))
            {
                Assert.Equal(503, (int)r.StatusCode);
            }

            using (var r = await client.GetAsync(new Uri("/api/v1/query?query=1", UriKind.Relative)))
            {
                Assert.Equal(503, (int)r.StatusCode);
                Assert.Equal("Service Unavailable", await r.Content.ReadAsStringAsync());
            }

            using (var r = await client.GetAsync(new Uri("/-/healthy", UriKind.Relative)))
            {
                Assert.Equal(200, (int)r.StatusCode);
            }

            gate.SetResult();
            await server.Ready;
            using (var r = await client.GetAsync(new Uri("/-/ready", UriKind.Relative)))
            {
                Assert.Equal(200, (int)r.StatusCode);
            }
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task DataSurvivesRestartAndExtraRouteHook()
    {
        var dir = TempDir();
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + dir]);
        var hook = new Action<WebApplication, TsdbServer>[] { (app, s) => app.MapGet("/api/v1/extra", () => s.Db is null ? "no" : "yes") };
        var server = await TsdbServer.StartAsync(flags!, hook, _ => { });
        await server.Ready;
        var a = server.Db!.Appender();
        a.Append(0, Labels.FromStrings("__name__", "k", "x", "1"), 1000, 42);
        a.Commit();
        using (var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) })
        {
            Assert.Equal("yes", await client.GetStringAsync(new Uri("/api/v1/extra", UriKind.Relative)));
        }

        await server.DisposeAsync();
        server = await TsdbServer.StartAsync(flags!, null, _ => { });
        try
        {
            await server.Ready;
            using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) };
            var body = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/query?query=k&time=2", UriKind.Relative))).RootElement;
            Assert.Equal("[2,\"42\"]", body.GetProperty("data").GetProperty("result")[0].GetProperty("value").GetRawText());
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--query.timeout=zz")]
    [InlineData("--storage.tsdb.retention.size=1XB")]
    public async Task BadFlagExitsWithCode2(string arg)
    {
        Assert.Equal(2, await TsdbHost.RunAsync([arg]));
    }

    [Fact]
    public async Task HelpAndVersionExit0()
    {
        Assert.Equal(0, await TsdbHost.RunAsync(["--help"]));
        Assert.Equal(0, await TsdbHost.RunAsync(["--version"]));
    }
}
