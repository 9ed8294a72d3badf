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

    /// <param name="listenAddress">--web.listen-address (host:port; the host may be empty or a wildcard).</param>
    /// <param name="port">the port actually bound (the flag may say :0).</param>
    public static string For(string listenAddress, int port)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);

        // Scrape ourselves over loopback when listening on every interface, else on the bound host.
        var host = listenAddress[..Math.Max(0, listenAddress.LastIndexOf(':'))];
        if (host is "" or "0.0.0.0" or "[::]" or "::" or "*" or "+")
        {
            host = "localhost";
        }

        return Template.Replace("{{listen}}", host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
