using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

internal static class ReceiverHttp
{
    /// <summary>A receiver's nested <c>http_config</c>, or the global one when absent (Alertmanager's inheritance).</summary>
    public static HttpClientConfig Read(YamlMap m, GlobalConfig global)
    {
        var httpMap = m.Map("http_config", "http_config");
        if (httpMap is null)
        {
            return global.HttpConfig;
        }

        var http = HttpClientConfig.Read(httpMap);
        httpMap.RejectUnknown();
        return http;
    }
}
