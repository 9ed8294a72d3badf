using Tsdb.Config;

namespace Tsdb.Api.Config;

/// <summary>
/// A <c>remote_write</c> or <c>remote_read</c> entry of prometheus.yml, read and validated strictly
/// so that a user's existing file loads; see docs/decisions.md for what tsdb does with them.
/// </summary>
public sealed record RemoteEndpointConfig(string Kind, string Url, string? Name, TimeSpan RemoteTimeout, IReadOnlyList<KeyValuePair<string, string>> Headers, HttpClientConfig Http)
{
    private static readonly string[] WriteOnly =
        ["write_relabel_configs", "send_exemplars", "send_native_histograms", "protobuf_message", "queue_config", "metadata_config", "round_robin_dns"];

    private static readonly string[] ReadOnly = ["read_recent", "required_matchers", "filter_external_labels"];

    private static readonly string[] Unsupported = ["sigv4", "azuread", "google_iam"];

    public static RemoteEndpointConfig Read(YamlMap map, string kind)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach (var u in Unsupported)
        {
            if (map.Has(u))
            {
                throw map.Error(u, $"{u} in {kind} is not supported by tsdb");
            }
        }

        var url = map.String("url") ?? throw map.Error("url", $"url for {kind} is empty");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw map.Error("url", $"invalid URL \"{url}\" for {kind}");
        }

        var headers = map.StringMap("headers");
        foreach (var (h, _) in headers)
        {
            if (h.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || h.StartsWith("X-Prometheus-Remote-", StringComparison.OrdinalIgnoreCase))
            {
                throw map.Error("headers", $"{h} is a reserved header. It must not be changed");
            }
        }

        var timeout = map.Duration("remote_timeout") ?? (kind == "remote_write" ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(1));
        var http = HttpClientConfig.Read(map);
        var name = map.String("name");
        foreach (var key in kind == "remote_write" ? WriteOnly : ReadOnly)
        {
            // Nested sections are checked for shape (maps/lists) but their tuning knobs have no effect here.
            _ = map.Node(key);
        }

        map.RejectUnknown();
        return new RemoteEndpointConfig(kind, url, name, timeout, headers, http);
    }
}
