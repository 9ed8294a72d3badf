using Tsdb.Alerting.Notify;
using Tsdb.Alerting.Rules;
using Tsdb.Api.Config;
using Tsdb.Config;
using Tsdb.Scrape;
using Tsdb.Scrape.Config;
using Tsdb.Storage;

namespace Tsdb.Api.Host;

/// <summary>
/// The parts that run on top of storage once it is open: alert notification (tsdb's own receivers
/// and forwarding to Alertmanagers), rule evaluation and scraping. Each registers a configuration
/// stage, so reloads reach it; they stop before the Db closes.
/// </summary>
public sealed partial class TsdbServer
{
    /// <summary>Alert delivery, or null until storage is open.</summary>
    public NotificationHub? Notifications { get; private set; }

    /// <summary>Recording and alerting rules, or null until storage is open.</summary>
    public RuleManager? Rules { get; private set; }

    /// <summary>The scrape manager, or null until storage is open.</summary>
    public ScrapeManager? Scrape { get; private set; }

    /// <summary>The URL tsdb is reachable under (--web.external-url, else http://host:port).</summary>
    public string ExternalUrl => Flags.ExternalUrl.Length > 0
        ? Flags.ExternalUrl
        : $"http://{Environment.MachineName}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Checks what only the components read (the alertmanager config file), so a bad file stops startup.</summary>
    private static void ValidateComponentFiles(TsdbFlags flags)
    {
        if (flags.AlertmanagerConfigFile is { } amFile)
        {
            AlertmanagerConfig.Load(amFile);
        }
    }

    private void StartComponents(Db db)
    {
        var hub = new NotificationHub(null, null, new NotificationHubOptions { ExternalUrl = ExternalUrl, Log = _log });
        Notifications = hub;
        AddConfigStage(cfg =>
        {
            var alerting = cfg.Alerting is null ? AlertingConfig.Empty : AlertingConfig.Read(cfg.Alerting, cfg.BaseDir);
            var notify = Flags.AlertmanagerConfigFile is null ? null : AlertmanagerConfig.Load(Flags.AlertmanagerConfigFile);
            return () => hub.Reload(notify, alerting);
        });

        var rules = new RuleManager(db, Engine, hub, new RuleManagerOptions
        {
            ExternalUrl = ExternalUrl,
            ExternalLabels = Config.Global.ExternalLabels,
            DefaultEvaluationInterval = Config.Global.EvaluationInterval,
            ResendDelay = TimeSpan.FromMilliseconds(Flags.ResendDelayMs),
            ForGracePeriod = TimeSpan.FromMilliseconds(Flags.ForGracePeriodMs),
            ForOutageTolerance = TimeSpan.FromMilliseconds(Flags.ForOutageToleranceMs),
            Log = _log,
        });
        Rules = rules;
        AddConfigStage(cfg =>
        {
            // Parse every rule file now, so a bad one rejects the whole reload before anything changes.
            var files = ConfigValidation.ValidateRuleFiles(cfg);
            return () => rules.Update(files, cfg.Global.EvaluationInterval, cfg.Global.ExternalLabels, ExternalUrl, cfg.Global.RuleQueryOffset);
        });

        var scrape = new ScrapeManager(db, Metadata, new ScrapeManagerOptions { Log = _log });
        Scrape = scrape;
        AddConfigStage(cfg =>
        {
            var configs = ScrapeConfig.ReadAll(cfg.ScrapeConfigs, ConfigValidation.ScrapeGlobalsOf(cfg), cfg.BaseDir);
            return () => scrape.ApplyConfig(configs);
        });
    }

    private async Task StopComponentsAsync()
    {
        // Scraping stops first (no staleness markers on shutdown), then rules, then alert delivery; the Db closes after.
        if (Scrape is { } scrape)
        {
            await scrape.DisposeAsync().ConfigureAwait(false);
        }

        Rules?.Dispose();

        if (Notifications is { } hub)
        {
            await hub.DisposeAsync().ConfigureAwait(false);
        }
    }
}
