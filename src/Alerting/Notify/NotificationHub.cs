using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// The <see cref="IAlertSink"/> the rule engine sends to: feeds the local dispatcher (when an
/// Alertmanager-format config is given) and every configured Alertmanager. <see cref="Send"/>
/// only enqueues. <see cref="Reload"/> builds the new setup completely before switching, so a bad
/// config leaves the running one untouched.
/// </summary>
public sealed class NotificationHub : IAlertSink, IAsyncDisposable
{
    private readonly NotificationHubOptions _options;
    private readonly NotifyState _state = new();
    private readonly Lock _swap = new();
    // Swapped whole on reload; Send reads it without a lock (a reference read is atomic).
    private volatile Setup _current;
    private bool _disposed;

    public NotificationHub(AlertmanagerConfig? notifyConfig, AlertingConfig? alerting, NotificationHubOptions? options = null)
    {
        _options = options ?? new NotificationHubOptions();
        _current = Build(notifyConfig, alerting);
    }

    /// <summary>The forwarders currently configured (one per Alertmanager URL).</summary>
    public IReadOnlyList<AlertmanagerForwarder> Forwarders => _current.Forwarders;

    public AlertmanagerConfig? NotifyConfig => _current.Config;

    public void Send(IReadOnlyList<NotifierAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return;
        }

        var setup = _current;
        foreach (var f in setup.Forwarders)
        {
            f.Send(alerts);
        }

        setup.Dispatcher?.Put(alerts);
    }

    /// <summary>Replaces the configuration; throws <see cref="ConfigException"/> and keeps the old one when the new cannot be used.</summary>
    public void Reload(AlertmanagerConfig? notifyConfig, AlertingConfig? alerting)
    {
        var next = Build(notifyConfig, alerting);
        Setup old;
        lock (_swap)
        {
            if (_disposed)
            {
                _ = next.DisposeAsync().AsTask();
                throw new ObjectDisposedException(nameof(NotificationHub));
            }

            old = _current;
            _current = next;
        }

        // In-flight deliveries of the old setup are cancelled, as Alertmanager does on reload; the
        // notification log entries they leave behind are removed so the new setup re-sends them.
        _ = old.DisposeAsync().AsTask();
    }

    /// <summary>Loads the Alertmanager-format file (null = none) and reloads; on any error the running setup stays.</summary>
    public void Reload(string? alertmanagerConfigFile, AlertingConfig? alerting) =>
        Reload(alertmanagerConfigFile is null ? null : AlertmanagerConfig.Load(alertmanagerConfigFile), alerting);

    private Setup Build(AlertmanagerConfig? config, AlertingConfig? alerting)
    {
        var forwarders = new List<AlertmanagerForwarder>();
        var senders = new List<IntegrationSender>();
        try
        {
            foreach (var am in alerting?.Alertmanagers ?? [])
            {
                foreach (var url in am.Urls)
                {
                    forwarders.Add(new AlertmanagerForwarder(url, am, alerting!.BaseDir, _options.ForwarderQueueCapacity, _options.ForwarderBatchSize, _options.ForwarderDelivery));
                }
            }

            Dispatcher? dispatcher = null;
            if (config is not null)
            {
                var receivers = new Dictionary<string, IReadOnlyList<IntegrationSender>>(StringComparer.Ordinal);
                foreach (var r in config.Receivers)
                {
                    var list = new List<IntegrationSender>();
                    foreach (var n in Notifiers(r, config.BaseDir, config.Templater))
                    {
                        var sender = new IntegrationSender(r.Name, list.Count, n, _options.ReceiverDelivery, _options.ReceiverQueueCapacity, OnGiveUp);
                        list.Add(sender);
                        senders.Add(sender);
                    }

                    receivers[r.Name] = list;
                }

                dispatcher = new Dispatcher(config, receivers, _state, _options.Time, _options.ExternalUrl);
            }

            return new Setup(config, dispatcher, senders, forwarders);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or UriFormatException or ArgumentException)
        {
            foreach (var f in forwarders)
            {
                _ = f.DisposeAsync().AsTask();
            }

            foreach (var s in senders)
            {
                _ = s.DisposeAsync().AsTask();
            }

            throw new ConfigException("cannot set up notifications: " + e.Message, e);
        }
    }

    private static IEnumerable<INotifier> Notifiers(ReceiverConfig r, string? baseDir, NotificationTemplater templater)
    {
        foreach (var c in r.SlackConfigs)
        {
            yield return new SlackNotifier(c, HttpClientFactory.Create(c.HttpConfig, baseDir, TimeSpan.FromSeconds(30)), baseDir, templater);
        }

        foreach (var c in r.PagerDutyConfigs)
        {
            yield return new PagerDutyNotifier(c, HttpClientFactory.Create(c.HttpConfig, baseDir, TimeSpan.FromSeconds(30)), baseDir, templater);
        }

        foreach (var c in r.WebhookConfigs)
        {
            yield return new WebhookNotifier(c, HttpClientFactory.Create(c.HttpConfig, baseDir, TimeSpan.FromSeconds(30)), baseDir);
        }
    }

    private void OnGiveUp(PendingNotification pending, DeliveryResult result)
    {
        _options.Log?.Invoke($"notify: giving up on {pending.Integration} for group {pending.Notification.GroupKey}: {result.Error}");
        lock (_state.Lock)
        {
            var key = (pending.Notification.GroupKey, pending.Integration);
            if (_state.Log.TryGetValue(key, out var e) && ReferenceEquals(e, pending.LogEntry))
            {
                _state.Log.Remove(key);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Setup s;
        lock (_swap)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            s = _current;
        }

        await s.DisposeAsync().ConfigureAwait(false);
    }

    private sealed record Setup(AlertmanagerConfig? Config, Dispatcher? Dispatcher, IReadOnlyList<IntegrationSender> Senders, IReadOnlyList<AlertmanagerForwarder> Forwarders) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Dispatcher?.Dispose();
            foreach (var s in Senders)
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var f in Forwarders)
            {
                await f.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
