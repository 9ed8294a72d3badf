using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tsdb.Config;

/// <summary>Builds an <see cref="HttpClient"/> that applies an <see cref="HttpClientConfig"/>: TLS options, client certificate, proxy, redirects and auth.</summary>
public static class HttpClientFactory
{
    /// <param name="config">the http_config.</param>
    /// <param name="baseDir">directory that relative file paths are resolved against (the config file's).</param>
    /// <param name="timeout">per-request timeout; callers with their own per-request deadline pass <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    public static HttpClient Create(HttpClientConfig config, string? baseDir, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(config);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = config.FollowRedirects,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = config.ProxyUrl is not null,
            Proxy = config.ProxyUrl is null ? null : new WebProxy(config.ProxyUrl),
            SslOptions = BuildSslOrConfigError(config.Tls, baseDir),
        };
        var client = new HttpClient(new AuthHandler(config, baseDir, handler)) { Timeout = timeout };
        if (!config.EnableHttp2)
        {
            client.DefaultRequestVersion = HttpVersion.Version11;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return client;
    }

    // Unreadable or malformed certificate files are configuration errors, named like Prometheus's.
    private static SslClientAuthenticationOptions BuildSslOrConfigError(TlsConfig tls, string? baseDir)
    {
        try
        {
            return BuildSsl(tls, baseDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ConfigException($"unable to load TLS files (ca_file {tls.CaFile}, cert_file {tls.CertFile}): {e.Message}", e);
        }
    }

    private static SslClientAuthenticationOptions BuildSsl(TlsConfig tls, string? baseDir)
    {
        var ssl = new SslClientAuthenticationOptions { TargetHost = tls.ServerName };
        if (tls.MinVersion is not null)
        {
            ssl.EnabledSslProtocols = tls.MinVersion switch
            {
                "TLS13" => SslProtocols.Tls13,
                _ => SslProtocols.Tls12 | SslProtocols.Tls13,
            };
        }

        if (tls.CertFile is not null && tls.KeyFile is not null)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(
                HttpClientConfig.ResolvePath(tls.CertFile, baseDir), HttpClientConfig.ResolvePath(tls.KeyFile, baseDir))];
        }

        if (tls.InsecureSkipVerify)
        {
            // insecure_skip_verify is the user's explicit choice in the config, as in Prometheus.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (tls.CaFile is not null)
        {
            // Trust exactly the given roots; SslStream builds the chain with the intermediates the
            // server sends and still checks the host name.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.ImportFromPemFile(HttpClientConfig.ResolvePath(tls.CaFile, baseDir));
            ssl.CertificateChainPolicy = policy;
        }

        return ssl;
    }

    /// <summary>Adds the Authorization header per request, re-reading secret files each time.</summary>
    private sealed class AuthHandler(HttpClientConfig config, string? baseDir, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (config.BasicAuth is { } b)
            {
                var user = HttpClientConfig.Resolve(b.Username, b.UsernameFile, baseDir) ?? "";
                var pass = HttpClientConfig.Resolve(b.Password, b.PasswordFile, baseDir) ?? "";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + pass)));
            }
            else if (config.Authorization is { } a)
            {
                var cred = HttpClientConfig.Resolve(a.Credentials, a.CredentialsFile, baseDir);
                if (!string.IsNullOrEmpty(cred))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue(a.Type, cred);
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
