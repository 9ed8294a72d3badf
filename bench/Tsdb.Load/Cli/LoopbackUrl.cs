using System.Net;

namespace Tsdb.Load.Cli;

/// <summary>
/// The tool pushes millions of samples as fast as it can; pointed at a shared server by mistake it
/// would be a denial of service. So only this machine's loopback addresses are accepted.
/// </summary>
internal static class LoopbackUrl
{
    public static Uri Parse(string option, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{option}: '{text}' is not an http(s) URL");
        }

        var host = uri.Host.Trim('[', ']');
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        if (!loopback)
        {
            throw new UsageException($"{option}: refusing non-loopback host '{uri.Host}'; only 127.0.0.0/8, ::1 and localhost are allowed");
        }

        return uri;
    }
}
