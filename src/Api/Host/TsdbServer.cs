using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Runtime.InteropServices;
using Tsdb.Api.Config;
using Tsdb.Api.Http;
using Tsdb.Api.Metrics;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Api.Host;

/// <summary>
/// The running `tsdb` server: Kestrel on the listen address, the Db opened in the background after
/// Kestrel listens (so /-/ready is observable as 503 then 200), the PromQL engine and the v1 API.
/// Extra endpoints (e.g. remote write) are mapped through the <c>configure</c> callbacks of
/// <see cref="StartAsync"/>; they run before the app starts and may read <see cref="Db"/> per request.
/// </summary>
public sealed partial class TsdbServer : IAsyncDisposable
{
    /// <summary>Prometheus-compatible version reported by /api/v1/status/buildinfo and --version.</summary>
    public const string Version = "3.0.0";

    private readonly WebApplication _app;
    private readonly Action<string> _log;
    private readonly StorageMetrics _storageMetrics;
    private PosixSignalRegistration? _sighup;
    private bool _stopping;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Db? _db;
    private int _disposed;

    private TsdbServer(TsdbFlags flags, WebApplication app, Action<string> log)
    {
        Flags = flags;
        _app = app;
        _log = log;
        Metrics = new MetricsRegistry(this);
        _storageMetrics = new StorageMetrics(() => _db, this);
        ProcessMetrics.Register();
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

    /// <summary>The /metrics exporter of this server.</summary>
    public MetricsRegistry Metrics { get; }

    public PromQLEngine Engine { get; }

    /// <summary>Metric metadata from scrapes and remote write, served by /api/v1/metadata.</summary>
    public MetadataStore Metadata { get; } = new();

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

    /// <summary>
    /// Builds the app, maps routes, starts Kestrel and opens the Db in the background. A given
    /// --config.file is loaded first: a bad file throws <see cref="Tsdb.Config.ConfigException"/> before anything starts.
    /// </summary>
    public static Task<TsdbServer> StartAsync(TsdbFlags flags, IEnumerable<Action<WebApplication, TsdbServer>>? configure = null, Action<string>? log = null) =>
        StartAsync(flags, configure, log, null);

    /// <summary>As above; <paramref name="beforeOpen"/> delays opening the Db (tests observe /-/ready answering 503).</summary>
    internal static async Task<TsdbServer> StartAsync(TsdbFlags flags, IEnumerable<Action<WebApplication, TsdbServer>>? configure, Action<string>? log, Task? beforeOpen)
    {
        ArgumentNullException.ThrowIfNull(flags);
        log = LevelFilteredLog.Create(flags.LogLevel, log ?? Console.Error.WriteLine);
        var fileConfig = flags.ConfigFile is null ? null : TsdbConfig.LoadFile(flags.ConfigFile);
        if (fileConfig is not null)
        {
            ConfigValidation.Validate(fileConfig);
        }

        ValidateComponentFiles(flags);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://" + NormalizeListen(flags.ListenAddress));
        var app = builder.Build();
        var server = new TsdbServer(flags, app, log);
        app.Use(HttpInstrumentation.Middleware);
        app.Use(ApiErrorEnvelope.Middleware);
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
        app.MapGet("/metrics", () => Results.Text(server.Metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        Lifecycle.Map(app, server);
        ApiV1.Map(app, server);
        AdminApi.Map(app, server);
        foreach (var c in configure ?? [])
        {
            c(app, server);
        }

        await app.StartAsync().ConfigureAwait(false);
        log($"msg=\"Server is listening\" address={string.Join(",", app.Urls)}");
        server.SetInitialConfig(fileConfig ?? ReadConfig(flags, server.Port));
        server._sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
        {
            ctx.Cancel = true;
            try
            {
                server.ReloadConfig();
            }
#pragma warning disable CA1031 // A failed reload is logged by ReloadConfig; the signal thread must never die of it.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        });
        _ = Task.Run(async () =>
        {
            try
            {
                if (beforeOpen is not null)
                {
                    await beforeOpen.ConfigureAwait(false);
                }

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
                server.StartComponents(db);
                server._ready.TrySetResult();
            }
#pragma warning disable CA1031 // Anything that stops storage or a component from starting ends the process, as in Prometheus.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log("level=error msg=\"startup failed\" err=\"" + (e is Tsdb.Config.ConfigException ce ? ce.Describe() : e.Message) + "\"");
                server._ready.TrySetException(e);
                server._app.Lifetime.StopApplication();
            }
        });
        return server;
    }

    /// <summary>Waits for SIGTERM/SIGINT (the host's lifetime) and then disposes.</summary>
    /// <summary>
    /// Waits for SIGTERM/SIGINT (or /-/quit) and then disposes. Waiting on ApplicationStopping rather
    /// than the host's own shutdown keeps Kestrel up until scraping has stopped, so the self-scrape
    /// never sees a refused connection (which would store up=0 and stale markers on every shutdown).
    /// </summary>
    public async Task WaitForShutdownAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task.ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops in dependency order: reloads, then scraping/rules/notifications, then HTTP, then the Db (always).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sighup?.Dispose();
        lock (_configLock)
        {
            // Waits out a reload in progress; later reloads see the flag and do nothing.
            _stopping = true;
        }

        try
        {
            try
            {
                await _ready.Task.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever failed at startup was logged there; shutdown must go on.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await StopComponentsAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _db?.Dispose();
            _db = null;
            _storageMetrics.Dispose();
            Metrics.Dispose();
        }
    }

    private static string NormalizeListen(string listen) =>
        listen.StartsWith(':') ? "0.0.0.0" + listen : listen;
}
