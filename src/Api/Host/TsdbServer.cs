using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tsdb.Api.Http;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Api.Host;

/// <summary>
/// The running `tsdb` server: Kestrel on the listen address, the Db opened in the background after
/// Kestrel listens (so /-/ready is observable as 503 then 200), the PromQL engine and the v1 API.
/// Extra endpoints (e.g. remote write) are mapped through the <c>configure</c> callbacks of
/// <see cref="StartAsync"/>; they run before the app starts and may read <see cref="Db"/> per request.
/// </summary>
public sealed class TsdbServer : IAsyncDisposable
{
    /// <summary>Prometheus-compatible version reported by /api/v1/status/buildinfo and --version.</summary>
    public const string Version = "3.0.0";

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Db? _db;
    private int _disposed;

    private TsdbServer(TsdbFlags flags, WebApplication app)
    {
        Flags = flags;
        _app = app;
        Engine = new PromQLEngine(new EngineOptions
        {
            LookbackDelta = flags.LookbackDeltaMs,
            Timeout = TimeSpan.FromMilliseconds(flags.QueryTimeoutMs),
            MaxSamples = flags.QueryMaxSamples,

            // The API checks (end - start) / step > 11000 like Prometheus, so 11 000 steps (11 001 points) pass.
            MaxPointsPerSeries = 11_001,
        });
    }

    public TsdbFlags Flags { get; }

    public PromQLEngine Engine { get; }

    public DateTime StartTime { get; } = DateTime.UtcNow;

    /// <summary>The storage, or null until it is open (the API answers 503 until then).</summary>
    public Db? Db => _db;

    /// <summary>The web application (routes are already mapped once StartAsync returns).</summary>
    public WebApplication App => _app;

    /// <summary>Completes when the Db is open and the server is ready; faults if opening failed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The first bound port (useful with a :0 listen address in tests).</summary>
    public int Port
    {
        get
        {
            var addr = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(addr).Port;
        }
    }

    /// <summary>Builds the app, maps routes, starts Kestrel and opens the Db in the background.</summary>
    public static Task<TsdbServer> StartAsync(TsdbFlags flags, IEnumerable<Action<WebApplication, TsdbServer>>? configure = null, Action<string>? log = null) =>
        StartAsync(flags, configure, log, null);

    /// <summary>As above; <paramref name="beforeOpen"/> delays opening the Db (tests observe /-/ready answering 503).</summary>
    internal static async Task<TsdbServer> StartAsync(TsdbFlags flags, IEnumerable<Action<WebApplication, TsdbServer>>? configure, Action<string>? log, Task? beforeOpen)
    {
        ArgumentNullException.ThrowIfNull(flags);
        log ??= Console.Error.WriteLine;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://" + NormalizeListen(flags.ListenAddress));
        var app = builder.Build();
        var server = new TsdbServer(flags, app);
        app.Use(async (ctx, next) =>
        {
            var path = ctx.Request.Path.Value ?? "";
            if (server._db is null && path != "/-/healthy" && (path.StartsWith("/api/", StringComparison.Ordinal) || path == "/-/ready"))
            {
                ctx.Response.StatusCode = 503;
                ctx.Response.Headers["X-Prometheus-Stopping"] = "false";
                ctx.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.Response.WriteAsync("Service Unavailable").ConfigureAwait(false);
                return;
            }

            await next(ctx).ConfigureAwait(false);
        });
        app.MapMethods("/-/healthy", ["GET", "HEAD"], () => Results.Text("Tsdb is Healthy.\n"));
        app.MapMethods("/-/ready", ["GET", "HEAD"], () => Results.Text("Tsdb is Ready.\n"));
        ApiV1.Map(app, server);
        foreach (var c in configure ?? [])
        {
            c(app, server);
        }

        await app.StartAsync().ConfigureAwait(false);
        log($"msg=\"Server is listening\" address={string.Join(",", app.Urls)}");
        _ = Task.Run(async () =>
        {
            if (beforeOpen is not null)
            {
                await beforeOpen.ConfigureAwait(false);
            }

            try
            {
                var db = Db.Open(flags.StoragePath, new DbOptions
                {
                    RetentionTime = TimeSpan.FromMilliseconds(flags.RetentionTimeMs),
                    RetentionSize = flags.RetentionSizeBytes,
                    Log = log,
                });
                foreach (var w in db.StartupWarnings)
                {
                    log("level=warn msg=\"" + w + "\"");
                }

                server._db = db;
                log("msg=\"TSDB started\" path=" + flags.StoragePath);
                server._ready.TrySetResult();
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                log("level=error msg=\"opening storage failed\" err=\"" + e.Message + "\"");
                server._ready.TrySetException(e);
            }
        });
        return server;
    }

    /// <summary>Waits for SIGTERM/SIGINT (the host's lifetime) and then disposes.</summary>
    public async Task WaitForShutdownAsync()
    {
        await _app.WaitForShutdownAsync().ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _ready.Task.ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
        catch (InvalidDataException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _db?.Dispose();
        _db = null;
    }

    private static string NormalizeListen(string listen) =>
        listen.StartsWith(':') ? "0.0.0.0" + listen : listen;
}
