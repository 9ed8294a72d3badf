namespace Tsdb.Api;

/// <summary>The `tsdb` process: until the server issue lands it answers health checks only.</summary>
public static class TsdbHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var listen = ArgValue(args, "--web.listen-address") ?? "0.0.0.0:9090";
        builder.WebHost.UseUrls("http://" + listen);
        var app = builder.Build();
        app.MapGet("/-/healthy", () => Results.Text("Tsdb is Healthy.\n"));
        app.MapGet("/-/ready", () => Results.Text("Tsdb is Ready.\n"));
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static string? ArgValue(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
