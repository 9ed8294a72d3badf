using System.Text.Json;
using Tsdb.Api.Host;
using Tsdb.Api.Http;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Http;

/// <summary>
/// A real server on 127.0.0.1:0 with the admin API mapped (the shape of <see cref="ServerFixture"/>),
/// with or without --web.enable-admin-api.
/// </summary>
public abstract class AdminApiFixture(bool enableAdmin) : IAsyncLifetime
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "tsdb-admin-api-" + Guid.NewGuid().ToString("N"));

    public TsdbServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        List<string> args = ["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + DataDir];
        if (enableAdmin)
        {
            args.Add("--web.enable-admin-api");
        }

        var (flags, error) = TsdbFlags.Parse(args);
        Assert.Null(error);
        Server = await TsdbServer.StartAsync(flags!, log: _ => { });
        await Server.Ready;
        Client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + Server.Port) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(DataDir, true);
    }

    /// <summary>Samples of <paramref name="name"/>{job="a"} and {job="b"} every 15 s in [0, 600 s].</summary>
    public void Load(string name)
    {
        var app = Server.Db!.Appender();
        for (var t = 0L; t <= 600_000; t += 15_000)
        {
            app.Append(0, Labels.FromStrings("__name__", name, "job", "a"), t, t / 1000.0);
            app.Append(0, Labels.FromStrings("__name__", name, "job", "b"), t, 1);
        }

        app.Commit();
    }

    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string url, params (string Key, string Value)[] form)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (form.Length > 0)
        {
            request.Content = new FormUrlEncodedContent(form.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)));
        }

        using var r = await Client.SendAsync(request);
        return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var r = await Client.GetAsync(new Uri(url, UriKind.Relative));
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

public sealed class AdminEnabledFixture() : AdminApiFixture(enableAdmin: true);

public sealed class AdminDisabledFixture() : AdminApiFixture(enableAdmin: false);
