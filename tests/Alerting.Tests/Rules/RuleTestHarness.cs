using Tsdb.Alerting.Notify;
using Tsdb.Alerting.Rules;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Rules;

/// <summary>A temporary Db, an engine, a recording sink and a manager driven by hand (no schedules).</summary>
internal sealed class RuleTestHarness : IDisposable
{
    private readonly string _dir;
    private readonly List<string> _log = [];

    public RuleTestHarness(TimeSpan? resendDelay = null, Labels? externalLabels = null, string externalUrl = "http://prom:9090")
    {
        _dir = Path.Combine(Path.GetTempPath(), "tsdb-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        Db = Db.Open(Path.Combine(_dir, "data"), new DbOptions { BackgroundCompaction = false });
        Engine = new PromQLEngine(EngineOptions.Default);
        Options = new RuleManagerOptions
        {
            RunSchedules = false,
            ResendDelay = resendDelay ?? TimeSpan.FromMinutes(1),
            ExternalLabels = externalLabels ?? Labels.Empty,
            ExternalUrl = externalUrl,
            Log = s => { lock (_log) { _log.Add(s); } },
        };
        Manager = new RuleManager(Db, Engine, Sink, Options);
    }

    public Db Db { get; private set; }

    public PromQLEngine Engine { get; }

    public RuleManagerOptions Options { get; }

    public RecordingSink Sink { get; } = new();

    public RuleManager Manager { get; private set; }

    public string Dir => _dir;

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Load(string rulesYaml, TimeSpan? interval = null, bool restored = true)
    {
        var path = WriteFile("rules.yml", rulesYaml);
        Manager.Update([path], interval ?? TimeSpan.FromMinutes(1), Options.ExternalLabels);
        if (restored)
        {
            Manager.SkipRestore();
        }
    }

    public void Add(string series, long tMs, double v)
    {
        var labels = Tsdb.PromQL.PromqlTest.SeriesDescriptionParser.Parse(series + " 0").Metric;
        var app = Db.Appender();
        app.Append(0, labels, tMs, v);
        app.Commit();
    }

    public static DateTime At(TimeSpan t) => DateTime.UnixEpoch + t;

    public static DateTime Min(double m) => DateTime.UnixEpoch + TimeSpan.FromMinutes(m);

    public Task Eval(double minutes) => Manager.EvaluateAllAsync(Min(minutes));

    /// <summary>Runs an instant query at <paramref name="minutes"/>; (labels text, value) sorted.</summary>
    public List<(string Labels, double Value)> Query(string expr, double minutes)
    {
        var r = Engine.Instant((a, b) => Db.Querier(a, b), expr, (long)TimeSpan.FromMinutes(minutes).TotalMilliseconds);
        var list = new List<(string, double)>();
        if (r.Value is VectorValue v)
        {
            foreach (var s in v.Samples)
            {
                list.Add((s.Metric.ToString(), s.V));
            }
        }

        list.Sort((x, y) => string.CompareOrdinal(x.Item1, y.Item1));
        return list;
    }

    public RuleSnapshot Rule(string name) => Manager.Groups().SelectMany(g => g.Rules).First(r => r.Name == name);

    /// <summary>Simulates a restart: a new manager on the same (reopened) Db.</summary>
    public void Restart(RuleManagerOptions? options = null)
    {
        Manager.Dispose();
        Db.Dispose();
        Db = Db.Open(Path.Combine(_dir, "data"), new DbOptions { BackgroundCompaction = false });
        Manager = new RuleManager(Db, Engine, Sink, options ?? Options);
    }

    public void Dispose()
    {
        Manager.Dispose();
        Db.Dispose();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed class RecordingSink : IAlertSink
{
    public List<List<NotifierAlert>> Batches { get; } = [];

    public void Send(IReadOnlyList<NotifierAlert> alerts)
    {
        lock (Batches)
        {
            Batches.Add([.. alerts]);
        }
    }

    public List<NotifierAlert> TakeAll()
    {
        lock (Batches)
        {
            var all = Batches.SelectMany(b => b).ToList();
            Batches.Clear();
            return all;
        }
    }
}
