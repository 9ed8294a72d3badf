using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// Routes alerts into aggregation groups and flushes them on Alertmanager's schedule
/// (<c>dispatch/dispatch.go</c>): a new group waits group_wait, then is looked at every
/// group_interval; each look sends to an integration only what its notification log says is new
/// (or a repeat after repeat_interval). Resolved alerts leave their group once flushed. Time comes
/// from a <see cref="TimeProvider"/> so tests drive it with a fake clock.
/// </summary>
internal sealed class Dispatcher : IDisposable
{
    private readonly NotifyState _state;
    private readonly TimeProvider _time;
    private readonly AlertmanagerConfig _config;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<IntegrationSender>> _receivers;
    private readonly Inhibitor _inhibitor;
    private readonly string _externalUrl;
    private readonly Dictionary<(RouteConfig Route, Labels GroupLabels), AggregationGroup> _groups = [];
    private readonly ITimer _maintenance;
    private bool _disposed;

    public Dispatcher(AlertmanagerConfig config, IReadOnlyDictionary<string, IReadOnlyList<IntegrationSender>> receivers, NotifyState state, TimeProvider time, string externalUrl)
    {
        _config = config;
        _receivers = receivers;
        _state = state;
        _time = time;
        _externalUrl = externalUrl.TrimEnd('/');
        _inhibitor = new Inhibitor(config.InhibitRules);
        lock (_state.Lock)
        {
            // After a reload, regroup what is already known; the notification log prevents repeats.
            foreach (var a in _state.Alerts.Values)
            {
                Route(a);
            }
        }

        _maintenance = _time.CreateTimer(static s => ((Dispatcher)s!).Maintain(), this, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public TimeSpan ResolveTimeout => _config.Global.ResolveTimeout;

    public int GroupCount
    {
        get
        {
            lock (_state.Lock)
            {
                return _groups.Count;
            }
        }
    }

    /// <summary>Takes alerts from the rule engine; never blocks on delivery.</summary>
    public void Put(IReadOnlyList<NotifierAlert> alerts)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        lock (_state.Lock)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var a in alerts)
            {
                // An alert without an end time stays firing for resolve_timeout unless re-sent (alerts_api.md).
                var timeout = a.EndsAt == default;
                var stored = new StoredAlert(a.Labels, a.Annotations, a.StartsAt == default ? now : a.StartsAt,
                    timeout ? now + _config.Global.ResolveTimeout : a.EndsAt, a.GeneratorUrl, now, timeout);
                NotifyMetrics.AlertsReceivedTotal.Add(1, new KeyValuePair<string, object?>("status", stored.ResolvedAt(now) ? "resolved" : "firing"));
                Route(_state.Put(stored));
            }
        }
    }

    private void Route(StoredAlert alert)
    {
        foreach (var route in _config.Route.Match(alert.Labels))
        {
            var groupLabels = GroupLabels(alert.Labels, route);
            if (!_groups.TryGetValue((route, groupLabels), out var group))
            {
                group = new AggregationGroup(route, groupLabels);
                _groups[(route, groupLabels)] = group;
                group.Timer = _time.CreateTimer(static s => ((Dispatcher)((object[])s!)[0]).Flush((AggregationGroup)((object[])s!)[1]), new object[] { this, group }, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                group.Alerts[alert.Fingerprint] = alert;
                group.Timer.Change(route.GroupWait, Timeout.InfiniteTimeSpan);
            }
            else
            {
                group.Alerts[alert.Fingerprint] = alert;
            }

            // An alert that started long enough ago does not wait for group_wait (ag.insert).
            if (!group.HasFlushed && alert.StartsAt + route.GroupWait < _time.GetUtcNow().UtcDateTime)
            {
                group.Timer!.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static Labels GroupLabels(Labels labels, RouteConfig route)
    {
        if (route.GroupByAll)
        {
            return labels;
        }

        var keep = new List<Label>();
        foreach (var l in labels)
        {
            if (route.GroupBy.Contains(l.Name))
            {
                keep.Add(l);
            }
        }

        return Labels.FromUnsorted(keep);
    }

    /// <summary>One tick of a group's timer (aggrGroup.run + flush + the notify pipeline's mute and dedup stages).</summary>
    private void Flush(AggregationGroup group)
    {
        lock (_state.Lock)
        {
            if (_disposed || group.Removed)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            group.HasFlushed = true;
            group.Timer!.Change(group.Route.GroupInterval, Timeout.InfiniteTimeSpan);
            if (group.Alerts.Count == 0)
            {
                RemoveGroup(group);
                return;
            }

            var snapshot = group.Alerts.Values.ToList();
            snapshot.Sort(AlertOrder.Instance);
            var notifyAlerts = new List<NotificationAlert>();
            var firing = new HashSet<ulong>();
            var resolved = new HashSet<ulong>();
            foreach (var a in snapshot)
            {
                if (_inhibitor.Mutes(a.Labels, _state.Alerts.Values, now))
                {
                    continue;
                }

                var isResolved = a.ResolvedAt(now);
                (isResolved ? resolved : firing).Add(a.Fingerprint);

                // Firing alerts go out with a zero endsAt so receivers do not see them "resolve" in the future.
                notifyAlerts.Add(new NotificationAlert(isResolved ? "resolved" : "firing", a.Labels, a.Annotations, a.StartsAt,
                    isResolved ? a.EndsAt : default, a.GeneratorUrl, StoredAlert.FingerprintString(a.Fingerprint)));
            }

            if (_receivers.TryGetValue(group.Route.Receiver, out var senders))
            {
                foreach (var sender in senders)
                {
                    var logKey = (group.Key, sender.Key);
                    _state.Log.TryGetValue(logKey, out var entry);
                    if (!NotificationLogEntry.NeedsUpdate(entry, firing, resolved, sender.SendResolved, group.Route.RepeatInterval, now))
                    {
                        continue;
                    }

                    // Logged when queued, so the next flush does not queue the same again; a delivery
                    // that is given up removes the entry so the next flush retries it.
                    var newEntry = new NotificationLogEntry(firing, resolved, now);
                    _state.Log[logKey] = newEntry;
                    var toSend = sender.SendResolved ? notifyAlerts : notifyAlerts.Where(a => a.Status == "firing").ToList();
                    if (toSend.Count == 0)
                    {
                        continue;
                    }

                    sender.Enqueue(new PendingNotification(new Notification(group.Key, group.Route.Receiver, group.GroupLabels, toSend, _externalUrl), sender.Key, newEntry));
                }
            }

            // Resolved alerts were just notified: drop them unless they changed (fired again) meanwhile.
            foreach (var a in snapshot)
            {
                if (a.ResolvedAt(now) && group.Alerts.TryGetValue(a.Fingerprint, out var current) && ReferenceEquals(current, a))
                {
                    group.Alerts.Remove(a.Fingerprint);
                }
            }

            if (group.Alerts.Count == 0)
            {
                RemoveGroup(group);
            }
        }
    }

    private void RemoveGroup(AggregationGroup group)
    {
        group.Removed = true;
        group.Timer?.Dispose();
        _groups.Remove((group.Route, group.GroupLabels));
    }

    private void Maintain()
    {
        lock (_state.Lock)
        {
            if (!_disposed)
            {
                _state.Collect(_time.GetUtcNow().UtcDateTime);
            }
        }
    }

    public void Dispose()
    {
        lock (_state.Lock)
        {
            _disposed = true;
            foreach (var g in _groups.Values)
            {
                g.Timer?.Dispose();
            }

            _groups.Clear();
        }

        _maintenance.Dispose();
    }
}
