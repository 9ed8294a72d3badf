using Tsdb.Api.Federation;
using Tsdb.Api.Host;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Federation;

/// <summary>Federation wired as Program.cs wires it: external labels from prometheus.yml.</summary>
public sealed class FederateConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-fed-cfg-" + Guid.NewGuid().ToString("N"));

    public FederateConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task ExternalLabelsComeFromTheConfigFile()
    {
        var config = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  external_labels:\n    dc: east\n    instance: fed-1\n");
        var (flags, error) = TsdbFlags.Parse(["--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + Path.Combine(_dir, "data"), "--config.file=" + config]);
        Assert.True(flags is not null, error);
        await using var server = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapFederate(s, () => s.Config.Global.ExternalLabels)], log: _ => { });
        await server.Ready;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var app = server.Db!.Appender();
        app.Append(0, Labels.FromStrings("__name__", "x", "dc", "west"), now - 1000, 2);
        app.Commit();

        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) };
        var body = await client.GetStringAsync(new Uri("/federate?match[]=x", UriKind.Relative));

        Assert.Equal($"# TYPE x untyped\nx{{dc=\"west\",instance=\"fed-1\"}} 2 {now - 1000}\n", body);
    }
}
