using Tsdb.Config;
using Tsdb.Scrape.Config;
using Tsdb.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tsdb.Scrape.Discovery;

/// <summary>
/// file_sd_configs (discovery/file/file.go): expands the patterns (a '*' only in the last segment),
/// reads each JSON or YAML file as a list of target groups labelled <c>__meta_filepath</c>, and
/// re-reads on a change in a watched directory and every refresh_interval. A file that cannot be
/// read or parsed is logged and counted, and its previous groups stay in force.
/// </summary>
internal sealed class FileSdDiscoverer : IDisposable
{
    public const string FilePathLabel = "__meta_filepath";

    private readonly FileSdConfig _config;
    private readonly Action<IReadOnlyList<TargetGroup>> _onUpdate;
    private readonly Action<string>? _log;
    private readonly Action _onReadError;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IReadOnlyList<TargetGroup>> _byFile = new(StringComparer.Ordinal);
    private readonly List<FileSystemWatcher> _watchers = [];
    private ITimer? _timer;
    private bool _disposed;

    public FileSdDiscoverer(FileSdConfig config, Action<IReadOnlyList<TargetGroup>> onUpdate, Action onReadError, Action<string>? log, TimeProvider time)
    {
        _config = config;
        _onUpdate = onUpdate;
        _onReadError = onReadError;
        _log = log;
        _time = time;
    }

    public void Start()
    {
        Refresh();
        foreach (var dir in _config.Files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f)) ?? ".").Distinct(StringComparer.Ordinal))
        {
            try
            {
                var w = new FileSystemWatcher(dir) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
                w.Changed += (_, _) => Refresh();
                w.Created += (_, _) => Refresh();
                w.Deleted += (_, _) => Refresh();
                w.Renamed += (_, _) => Refresh();
                w.EnableRaisingEvents = true;
                _watchers.Add(w);
            }
            catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
            {
                // Missing directory or no inotify: the periodic refresh still applies, as in file.go.
                _log?.Invoke($"file_sd: cannot watch {dir}: {e.Message}");
            }
        }

        _timer = _time.CreateTimer(static s => ((FileSdDiscoverer)s!).Refresh(), this, _config.RefreshInterval, _config.RefreshInterval);
    }

    /// <summary>Re-reads every matching file and reports the full set of groups.</summary>
    public void Refresh()
    {
        List<TargetGroup> all;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in ListFiles())
            {
                seen.Add(path);
                try
                {
                    _byFile[path] = ReadFile(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigException or YamlException)
                {
                    _onReadError();
                    _log?.Invoke($"file_sd: error reading file {path}: {e.Message}");
                }
            }

            foreach (var gone in _byFile.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _byFile.Remove(gone);
            }

            all = [.. _byFile.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value)];
        }

        _onUpdate(all);
    }

    private List<string> ListFiles()
    {
        var result = new List<string>();
        foreach (var pattern in _config.Files)
        {
            var full = Path.GetFullPath(pattern);
            var dir = Path.GetDirectoryName(full) ?? ".";
            var name = Path.GetFileName(full);
            if (!name.Contains('*', StringComparison.Ordinal))
            {
                if (File.Exists(full))
                {
                    result.Add(full);
                }

                continue;
            }

            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var f in Directory.EnumerateFiles(dir, name))
            {
                // Directory.EnumerateFiles' 8.3 quirks aside, re-check the glob and the extension.
                if (IsSdFile(f))
                {
                    result.Add(f);
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static bool IsSdFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".json" or ".yml" or ".yaml";

    /// <summary>Reads one file: a list of <c>{targets: [...], labels: {...}}</c>, JSON or YAML.</summary>
    internal static IReadOnlyList<TargetGroup> ReadFile(string path)
    {
        var text = File.ReadAllText(path);
        var isYaml = !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (!isYaml && string.IsNullOrWhiteSpace(text))
        {
            // An empty YAML file is no groups, but empty JSON is invalid (as Go's json.Unmarshal says).
            // It is also what a reader sees mid-rewrite, so treating it as an error keeps the targets.
            throw new ConfigException("unexpected end of JSON input", 0, path);
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (stream.Documents[0].RootNode is not YamlSequenceNode seq)
        {
            throw new ConfigException("file_sd file must contain a list of target groups", YamlMap.LineOf(stream.Documents[0].RootNode), path);
        }

        var groups = new List<TargetGroup>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var m = YamlMap.From(seq.Children[i], "targetgroup.Group");
            var targets = m.StringList("targets");
            var labels = m.StringMap("labels");
            if (isYaml)
            {
                m.RejectUnknown();
            }

            var groupLabels = new List<Label>(labels.Count + 1);
            foreach (var (k, v) in labels)
            {
                if (!Relabel.LabelNames.IsValid(k))
                {
                    throw new ConfigException($"\"{k}\" is not a valid label name", m.LineOf("labels"), path);
                }

                groupLabels.Add(new Label(k, v));
            }

            groupLabels.RemoveAll(l => l.Name == FilePathLabel);
            groupLabels.Add(new Label(FilePathLabel, path));
            var ts = new List<Labels>(targets.Count);
            foreach (var t in targets)
            {
                ts.Add(Labels.FromStrings(TargetLabelNames.Address, t));
            }

            groups.Add(new TargetGroup(path + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ts, Labels.FromUnsorted(groupLabels)));
        }

        return groups;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        foreach (var w in _watchers)
        {
            w.Dispose();
        }

        _timer?.Dispose();
    }
}
