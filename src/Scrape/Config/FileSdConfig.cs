using System.Text.RegularExpressions;
using Tsdb.Config;

namespace Tsdb.Scrape.Config;

/// <summary>One <c>file_sd_configs</c> entry (discovery/file/file.go SDConfig); paths resolved against the config file's directory.</summary>
public sealed partial record FileSdConfig(EquatableList<string> Files, TimeSpan RefreshInterval)
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);

    public static FileSdConfig Read(YamlMap m, string? baseDir)
    {
        ArgumentNullException.ThrowIfNull(m);
        var files = m.StringList("files");
        var refresh = m.Duration("refresh_interval") ?? DefaultRefreshInterval;
        m.RejectUnknown();
        if (files.Count == 0)
        {
            throw m.Error("files", "file service discovery config must contain at least one path name");
        }

        foreach (var f in files)
        {
            if (!FileNamePattern().IsMatch(f))
            {
                throw m.Error("files", $"path name \"{f}\" is not valid for file discovery");
            }
        }

        return new FileSdConfig(new EquatableList<string>(files.Select(f => HttpClientConfig.ResolvePath(f, baseDir))), refresh);
    }

    // file.go patFileSDName: only the last path segment may contain '*'.
    [GeneratedRegex(@"^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FileNamePattern();
}
