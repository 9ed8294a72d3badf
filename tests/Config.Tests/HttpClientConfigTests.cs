using System.Net;
using System.Net.Sockets;
using System.Text;
using Tsdb.Config;

namespace Tsdb.Config.Tests;

public class HttpClientConfigTests
{
    [Fact]
    public void ReadsAuthAndTls()
    {
        var m = YamlConfig.Load("basic_auth: {username: u, password_file: p.txt}\ntls_config: {insecure_skip_verify: true, server_name: s}\nfollow_redirects: false\n", "c");
        var c = HttpClientConfig.Read(m);
        m.RejectUnknown();
        Assert.Equal(new BasicAuthConfig("u", null, null, "p.txt"), c.BasicAuth);
        Assert.True(c.Tls.InsecureSkipVerify);
        Assert.Equal("s", c.Tls.ServerName);
        Assert.False(c.FollowRedirects);
    }

    [Theory]
    [InlineData("basic_auth: {username: u}\nauthorization: {credentials: x}\n", "at most one of basic_auth")]
    [InlineData("authorization: {type: Basic, credentials: x}\n", "cannot be set to \"basic\"")]
    [InlineData("authorization: {credentials: x, credentials_file: f}\n", "at most one of authorization credentials")]
    [InlineData("authorization: {credential: x}\n", "field credential not found in type authorization")]
    [InlineData("tls_config: {cert_file: c}\n", "key")]
    [InlineData("tls_config: {min_version: TLS99}\n", "unknown TLS version")]
    [InlineData("oauth2: {client_id: x}\n", "oauth2 is not supported")]
    [InlineData("bearer_token: a\nbearer_token_file: b\n", "at most one of bearer_token")]
    public void RejectsInvalidCombinations(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => HttpClientConfig.Read(YamlConfig.Load(yaml, "c")));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendsBearerFromFileReReadPerRequest()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-cfg-").FullName;
        File.WriteAllText(Path.Combine(dir, "token"), "one\n");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var cfg = HttpClientConfig.Read(YamlConfig.Load("authorization: {credentials_file: token}\n", "c"));
        using var client = HttpClientFactory.Create(cfg, dir, TimeSpan.FromSeconds(10));

        var first = await RoundTrip(listener, client, port);
        File.WriteAllText(Path.Combine(dir, "token"), "two");
        var second = await RoundTrip(listener, client, port);

        Assert.Contains("Authorization: Bearer one\r\n", first, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer two\r\n", second, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }

    // A one-shot HTTP/1.1 server: returns the raw request head it received.
    private static async Task<string> RoundTrip(TcpListener listener, HttpClient client, int port)
    {
        var send = client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
        using var conn = await listener.AcceptTcpClientAsync();
        var stream = conn.GetStream();
        var buf = new byte[4096];
        var sb = new StringBuilder();
        while (!sb.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buf);
            sb.Append(Encoding.ASCII.GetString(buf, 0, n));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        using var resp = await send;
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        return sb.ToString();
    }
}
