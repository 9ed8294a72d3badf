using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tsdb.Alerting.Tests.Notify;

internal sealed record RecordedRequest(string Method, string Path, string? ContentType, string? UserAgent, string Body, DateTime At);

internal sealed record FakeResponse(int Status, string Body = "", string? RetryAfter = null, string ContentType = "text/plain");

/// <summary>A Slack/PagerDuty/webhook/Alertmanager stand-in on 127.0.0.1 with a free port that records every request.</summary>
internal sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<RecordedRequest> _received = Channel.CreateUnbounded<RecordedRequest>();

    private FakeHttpServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers per request; the default is 200 "ok".</summary>
    public Func<RecordedRequest, FakeResponse> Respond { get; set; } = _ => new FakeResponse(200, "ok");

    public static async Task<FakeHttpServer> StartAsync(Func<RecordedRequest, FakeResponse>? respond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeHttpServer(app);
        if (respond is not null)
        {
            server.Respond = respond;
        }

        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var body = await reader.ReadToEndAsync();
        var req = new RecordedRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, ctx.Request.ContentType, ctx.Request.Headers.UserAgent.ToString(), body, DateTime.UtcNow);
        Requests.Enqueue(req);
        var resp = Respond(req);
        ctx.Response.StatusCode = resp.Status;
        ctx.Response.ContentType = resp.ContentType;
        if (resp.RetryAfter is not null)
        {
            ctx.Response.Headers.RetryAfter = resp.RetryAfter;
        }

        await ctx.Response.WriteAsync(resp.Body);
        _received.Writer.TryWrite(req);
    }

    /// <summary>The next request, or a failure after <paramref name="timeoutSeconds"/>.</summary>
    public async Task<RecordedRequest> NextAsync(double timeoutSeconds = 10)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no request within {timeoutSeconds}s");
        }
    }

    /// <summary>True when no further request arrives within <paramref name="seconds"/>.</summary>
    public async Task<bool> QuietForAsync(double seconds = 0.3)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _received.Reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
