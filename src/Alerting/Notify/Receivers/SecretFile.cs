using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

internal static class SecretFile
{
    /// <summary>Reads a *_file value at send time, as Alertmanager does, so rotated secrets apply without a reload.</summary>
    public static string Read(string file, string? baseDir) =>
        File.ReadAllText(HttpClientConfig.ResolvePath(file, baseDir)).Trim();
}
