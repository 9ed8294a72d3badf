using Tsdb.Config;

namespace Tsdb.Api.Host;

/// <summary>
/// /-/reload and /-/quit, enabled by --web.enable-lifecycle as in Prometheus (otherwise 403). A
/// failed reload answers 500 with the reason and the old configuration keeps running.
/// </summary>
internal static class Lifecycle
{
    public static void Map(WebApplication app, TsdbServer server)
    {
        app.MapMethods("/-/reload", ["POST", "PUT"], async ctx =>
        {
            if (!server.Flags.EnableLifecycle)
            {
                await Forbidden(ctx).ConfigureAwait(false);
                return;
            }

            try
            {
                server.ReloadConfig();
                ctx.Response.StatusCode = 200;
            }
            catch (ConfigException e)
            {
                ctx.Response.StatusCode = 500;
                await ctx.Response.WriteAsync("failed to reload config: " + e.Describe() + "\n").ConfigureAwait(false);
            }
        });
        app.MapMethods("/-/quit", ["POST", "PUT"], async ctx =>
        {
            if (!server.Flags.EnableLifecycle)
            {
                await Forbidden(ctx).ConfigureAwait(false);
                return;
            }

            await ctx.Response.WriteAsync("Requesting termination... Goodbye!").ConfigureAwait(false);
            app.Lifetime.StopApplication();
        });
    }

    private static async Task Forbidden(HttpContext ctx)
    {
        ctx.Response.StatusCode = 403;
        await ctx.Response.WriteAsync("Lifecycle API is not enabled.").ConfigureAwait(false);
    }
}
