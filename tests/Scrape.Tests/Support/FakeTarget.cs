using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tsdb.Scrape.Tests.Support;

/// <summary>A scrape target on 127.0.0.1 (Kestrel, port 0) whose response each test sets and whose requests it records.</summary>
internal sealed class FakeTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile Func<HttpContext, Task> _handler;

    private FakeTarget(WebApplication app, Func<HttpContext, Task> handler)
    {
        _app = app;
        _handler = handler;
    }

    public string Address { get; private set; } = "";

    public int Requests;

    public Dictionary<string, string>? LastHeaders { get; private set; }

    public string? LastQuery { get; private set; }

    public static async Task<FakeTarget> StartAsync(string body = "", string contentType = "text/plain; version=0.0.4")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new FakeTarget(app, Text(body, contentType));
        app.Run(async ctx =>
        {
            Interlocked.Increment(ref target.Requests);
            target.LastHeaders = ctx.Request.Headers.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            target.LastQuery = ctx.Request.QueryString.Value;
            await target._handler(ctx);
        });
        await app.StartAsync();
        var url = app.Urls.First();
        target.Address = new Uri(url).Authority;
        return target;
    }

    public void Serve(Func<HttpContext, Task> handler) => _handler = handler;

    public void ServeText(string body, string contentType = "text/plain; version=0.0.4") => _handler = Text(body, contentType);

    public static Func<HttpContext, Task> Text(string body, string contentType) => async ctx =>
    {
        ctx.Response.ContentType = contentType;
        await ctx.Response.WriteAsync(body);
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
