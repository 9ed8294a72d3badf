namespace Tsdb.Api.Config;

/// <summary>
/// The configuration `tsdb` runs with when no --config.file is given: tsdb scrapes its own /metrics
/// every 15 s, so a fresh install has data to query at once.
/// </summary>
public static class EmbeddedDefaultConfig
{
    /// <summary>The YAML text; <c>{{listen}}</c> is replaced by the address tsdb listens on.</summary>
    public const string Template = """
        # Embedded default configuration of tsdb (used when --config.file is not given).
        global:
          scrape_interval: 15s
          evaluation_interval: 15s

        scrape_configs:
          - job_name: tsdb
            static_configs:
              - targets: ["{{listen}}"]
        """;

    public static string For(string listenAddress)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);

        // Scrape ourselves over loopback whatever interface we listen on.
        var port = listenAddress[(listenAddress.LastIndexOf(':') + 1)..];
        return Template.Replace("{{listen}}", "localhost:" + port, StringComparison.Ordinal);
    }
}
