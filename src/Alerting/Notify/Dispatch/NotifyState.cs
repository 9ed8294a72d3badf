namespace Tsdb.Alerting.Notify;

/// <summary>
/// State that outlives a config reload, guarded by one lock: the alert store (what the rule
/// engine has reported, merged) and the notification log (what each integration was last told
/// about each group). A reloaded dispatcher re-groups the stored alerts and the log keeps it from
/// re-notifying what was already sent, as Alertmanager's provider and nflog do.
/// </summary>
internal sealed class NotifyState
{
    /// <summary>Alertmanager keeps notification log entries this long (--data.retention 120h).</summary>
    public static readonly TimeSpan LogRetention = TimeSpan.FromHours(120);

    public Lock Lock { get; } = new();

    public Dictionary<ulong, StoredAlert> Alerts { get; } = [];

    public Dictionary<(string GroupKey, string Integration), NotificationLogEntry> Log { get; } = [];

    /// <summary>Merges an incoming alert into the store (AM's PutAlerts): overlapping intervals merge, disjoint ones replace.</summary>
    public StoredAlert Put(StoredAlert alert)
    {
        if (Alerts.TryGetValue(alert.Fingerprint, out var old))
        {
            var overlaps = !(old.StartsAt > alert.EndsAt && alert.EndsAt != default) && !(old.EndsAt < alert.StartsAt && old.EndsAt != default);
            if (overlaps)
            {
                alert = old.Merge(alert);
            }
        }

        Alerts[alert.Fingerprint] = alert;
        return alert;
    }

    /// <summary>Drops resolved alerts and expired log entries (Alertmanager's periodic GC).</summary>
    public void Collect(DateTime now)
    {
        foreach (var (fp, a) in Alerts.ToList())
        {
            if (a.ResolvedAt(now))
            {
                Alerts.Remove(fp);
            }
        }

        foreach (var (k, e) in Log.ToList())
        {
            if (now - e.Timestamp > LogRetention)
            {
                Log.Remove(k);
            }
        }
    }
}

/// <summary>What one integration was last notified about for one group (an nflog entry).</summary>
internal sealed record NotificationLogEntry(IReadOnlySet<ulong> Firing, IReadOnlySet<ulong> Resolved, DateTime Timestamp)
{
    /// <summary>
    /// Alertmanager's DedupStage.needsUpdate: notify when something started firing, when
    /// everything resolved after a firing notification, when resolved alerts are new and the
    /// integration wants them, or when the repeat interval has passed.
    /// </summary>
    public static bool NeedsUpdate(NotificationLogEntry? entry, IReadOnlySet<ulong> firing, IReadOnlySet<ulong> resolved, bool sendResolved, TimeSpan repeat, DateTime now)
    {
        if (entry is null)
        {
            return firing.Count > 0;
        }

        if (!firing.IsSubsetOf(entry.Firing))
        {
            return true;
        }

        if (firing.Count == 0)
        {
            // Alerts that fired and resolved within one interval were never notified: stay quiet.
            return entry.Firing.Count > 0;
        }

        if (sendResolved && !resolved.IsSubsetOf(entry.Resolved))
        {
            return true;
        }

        return entry.Timestamp < now - repeat;
    }
}
