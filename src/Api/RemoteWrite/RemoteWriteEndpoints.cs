using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>Maps the remote-write receiver into a host.</summary>
public static class RemoteWriteEndpoints
{
    public const string Path = "/api/v1/write";

    /// <summary>The Mimir/Cortex spelling, which Grafana-managed recording rules use unless the datasource type is Prometheus.</summary>
    public const string PushAlias = "/api/v1/push";

    /// <summary>
    /// Maps <c>POST /api/v1/write</c>. <paramref name="db"/> returns null while storage is not ready
    /// (answered 503 so senders retry). Metadata goes to <paramref name="metadata"/> (a new store when
    /// null; reach it through the returned handler's <see cref="RemoteWriteHandler.Metadata"/>).
    /// </summary>
    public static RemoteWriteHandler MapRemoteWrite(
        this IEndpointRouteBuilder app,
        Func<Db?> db,
        MetadataStore? metadata = null,
        RemoteWriteLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(db);
        var handler = new RemoteWriteHandler(metadata ?? new MetadataStore(), limits);
        // Grafana posts recording-rule results to /api/v1/push when the datasource type is not set to Prometheus.
        app.MapPost(Path, Handle);
        app.MapPost(PushAlias, Handle);
        return handler;

        async Task Handle(HttpContext context)
        {
            var current = db();
            if (current is null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("storage is not ready\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await handler.HandleAsync(context, current).ConfigureAwait(false);
        }
    }
}
