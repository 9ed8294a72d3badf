using Tsdb.Storage;

namespace Tsdb.Api.RemoteRead;

/// <summary>Maps the remote-read endpoint into a host.</summary>
public static class RemoteReadEndpoints
{
    public const string Path = "/api/v1/read";

    /// <summary>
    /// Maps <c>POST /api/v1/read</c>. <paramref name="db"/> returns null while storage is not ready
    /// (answered 503). <paramref name="externalLabels"/> supplies the configured external labels per
    /// request (added to every returned series, stripped from equality matchers); null for none.
    /// </summary>
    public static RemoteReadHandler MapRemoteRead(
        this WebApplication app,
        Func<Db?> db,
        Func<Labels>? externalLabels = null,
        RemoteReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(db);
        var handler = new RemoteReadHandler(limits, externalLabels);
        app.Lifetime.ApplicationStopped.Register(handler.Dispose);
        app.MapPost(Path, async context =>
        {
            var current = db();
            await (current is null ? PlainText.NotReadyAsync(context) : handler.HandleAsync(context, current)).ConfigureAwait(false);
        });
        return handler;
    }
}
