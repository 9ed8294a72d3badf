namespace Tsdb.Config;

/// <summary>
/// The HTTP client options shared by scrape configs, Alertmanager targets, remote write/read and
/// notification receivers (prometheus/common config.HTTPClientConfig). Secrets given as files are
/// re-read on every request, as Prometheus does, so rotated credentials apply without a reload.
/// </summary>
public sealed record HttpClientConfig
{
    public static readonly HttpClientConfig Default = new();

    public BasicAuthConfig? BasicAuth { get; init; }

    public AuthorizationConfig? Authorization { get; init; }

    public TlsConfig Tls { get; init; } = new();

    public string? ProxyUrl { get; init; }

    public bool FollowRedirects { get; init; } = true;

    public bool EnableHttp2 { get; init; } = true;

    /// <summary>Reads the http_config fields of <paramref name="map"/> (they sit inline in their parent, as in Prometheus).</summary>
    public static HttpClientConfig Read(YamlMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Has("oauth2"))
        {
            throw map.Error("oauth2", "oauth2 is not supported by tsdb");
        }

        var basic = map.Map("basic_auth", "basic_auth") is { } b ? BasicAuthConfig.Read(b) : null;
        var auth = map.Map("authorization", "authorization") is { } a ? AuthorizationConfig.Read(a) : null;
        var bearer = map.String("bearer_token");
        var bearerFile = map.String("bearer_token_file");
        if (bearer is not null || bearerFile is not null)
        {
            if (auth is not null)
            {
                throw map.Error("bearer_token", "at most one of bearer_token, bearer_token_file & authorization must be configured");
            }

            if (bearer is not null && bearerFile is not null)
            {
                throw map.Error("bearer_token", "at most one of bearer_token & bearer_token_file must be configured");
            }

            auth = new AuthorizationConfig("Bearer", bearer, bearerFile);
        }

        if (basic is not null && auth is not null)
        {
            throw map.Error("basic_auth", "at most one of basic_auth, oauth2 & authorization must be configured");
        }

        var tls = map.Map("tls_config", "tls_config") is { } t ? TlsConfig.Read(t) : new TlsConfig();
        var cfg = new HttpClientConfig
        {
            BasicAuth = basic,
            Authorization = auth,
            Tls = tls,
            ProxyUrl = map.String("proxy_url"),
            FollowRedirects = map.Bool("follow_redirects") ?? true,
            EnableHttp2 = map.Bool("enable_http2") ?? true,
        };
        if (cfg.ProxyUrl is not null && !Uri.TryCreate(cfg.ProxyUrl, UriKind.Absolute, out _))
        {
            throw map.Error("proxy_url", $"invalid proxy_url \"{cfg.ProxyUrl}\"");
        }

        return cfg;
    }

    /// <summary>Resolves a value given inline or as a file (trailing newline trimmed, as Prometheus does).</summary>
    internal static string? Resolve(string? inline, string? file, string? baseDir)
    {
        if (file is null)
        {
            return inline;
        }

        return File.ReadAllText(ResolvePath(file, baseDir)).TrimEnd('\r', '\n');
    }

    /// <summary>Paths in a config file are relative to the file's directory.</summary>
    public static string ResolvePath(string path, string? baseDir) =>
        baseDir is null || Path.IsPathRooted(path) ? path : Path.Combine(baseDir, path);
}

/// <summary><c>basic_auth</c>: username (or username_file) and password (or password_file).</summary>
public sealed record BasicAuthConfig(string? Username, string? UsernameFile, string? Password, string? PasswordFile)
{
    public static BasicAuthConfig Read(YamlMap m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var c = new BasicAuthConfig(m.String("username"), m.String("username_file"), m.String("password"), m.String("password_file"));
        m.RejectUnknown();
        if (c.Username is not null && c.UsernameFile is not null)
        {
            throw m.Error("username_file", "at most one of basic_auth username & username_file must be configured");
        }

        if (c.Password is not null && c.PasswordFile is not null)
        {
            throw m.Error("password_file", "at most one of basic_auth password & password_file must be configured");
        }

        return c;
    }
}

/// <summary><c>authorization</c>: a header <c>Authorization: &lt;type&gt; &lt;credentials&gt;</c>, type Bearer by default.</summary>
public sealed record AuthorizationConfig(string Type, string? Credentials, string? CredentialsFile)
{
    public static AuthorizationConfig Read(YamlMap m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var type = m.String("type") ?? "Bearer";
        var c = new AuthorizationConfig(type, m.String("credentials"), m.String("credentials_file"));
        m.RejectUnknown();
        if (string.Equals(type, "basic", StringComparison.OrdinalIgnoreCase))
        {
            throw m.Error("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        }

        if (c.Credentials is not null && c.CredentialsFile is not null)
        {
            throw m.Error("credentials_file", "at most one of authorization credentials & credentials_file must be configured");
        }

        return c;
    }
}

/// <summary><c>tls_config</c>.</summary>
public sealed record TlsConfig
{
    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public string? ServerName { get; init; }

    public bool InsecureSkipVerify { get; init; }

    public string? MinVersion { get; init; }

    public static TlsConfig Read(YamlMap m)
    {
        ArgumentNullException.ThrowIfNull(m);
        foreach (var inline in new[] { "ca", "cert", "key" })
        {
            if (m.Has(inline))
            {
                throw m.Error(inline, $"inline tls_config {inline} is not supported by tsdb, use {inline}_file");
            }
        }

        var c = new TlsConfig
        {
            CaFile = m.String("ca_file"),
            CertFile = m.String("cert_file"),
            KeyFile = m.String("key_file"),
            ServerName = m.String("server_name"),
            InsecureSkipVerify = m.Bool("insecure_skip_verify") ?? false,
            MinVersion = m.String("min_version"),
        };
        m.RejectUnknown();
        if ((c.CertFile is null) != (c.KeyFile is null))
        {
            throw m.Error(c.CertFile is null ? "key_file" : "cert_file", "exactly one of key or key_file must be configured when a client certificate is configured");
        }

        if (c.MinVersion is not null and not ("TLS10" or "TLS11" or "TLS12" or "TLS13"))
        {
            throw m.Error("min_version", $"unknown TLS version: {c.MinVersion}");
        }

        return c;
    }
}
