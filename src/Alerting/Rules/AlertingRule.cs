using Tsdb.Alerting.Notify;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// An alerting rule and its alerts' state machine (Prometheus rules/alerting.go): pending →
/// firing after <c>for</c>, firing → inactive when the condition goes away (held by
/// <c>keep_firing_for</c>), resolved alerts kept 15 minutes for re-sending.
/// </summary>
internal sealed class AlertingRule(RuleDesc desc, Labels labels, Labels annotations, bool restored) : Rule(desc, labels)
{
    public const string AlertMetricName = "ALERTS";
    public const string AlertForStateMetricName = "ALERTS_FOR_STATE";
    public const string AlertNameLabel = "alertname";
    public const string AlertStateLabel = "alertstate";

    /// <summary>How long resolved alerts are kept (and re-sent): alerting.go resolvedRetention.</summary>
    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    public Labels Annotations { get; } = annotations;

    public TimeSpan HoldDuration => Desc.For;

    public TimeSpan KeepFiringFor => Desc.KeepFiringFor;

    /// <summary>Until restored from ALERTS_FOR_STATE, no ALERTS series are written (group.go shouldRestore).</summary>
    public bool Restored { get; set; } = restored;

    /// <summary>Alerts by label set, including resolved ones still within the retention.</summary>
    public Dictionary<Labels, Alert> Active { get; set; } = [];

    public override List<(Labels Labels, double Value)> Eval(RuleEvalContext ctx, DateTime ts, TimeSpan queryOffset, int limit, CancellationToken ct)
    {
        var evalTs = ts - queryOffset;
        var res = ctx.Query(Query, evalTs, ct);
        var fresh = new Dictionary<Labels, Alert>(res.Count);
        var lb = new LabelsBuilder();
        foreach (var (metric, value) in res)
        {
            var data = new RuleTemplateData("__alert_" + Name, metric, value, ctx.ExternalLabels, ctx.ExternalUrl, ts,
                q => ctx.Query(q, ts, ct));
            lb.Reset(metric);
            lb.Delete(Label.MetricName);
            foreach (var l in Labels)
            {
                lb.Set(l.Name, ctx.Templates.Expand(l.Value, data));
            }

            lb.Set(AlertNameLabel, Name);
            var alertLabels = lb.Build();
            var ab = new LabelsBuilder();
            foreach (var a in Annotations)
            {
                ab.Set(a.Name, ctx.Templates.Expand(a.Value, data));
            }

            if (fresh.ContainsKey(alertLabels))
            {
                throw new RuleEvalException("vector contains metrics with the same labelset after applying alert labels");
            }

            fresh[alertLabels] = new Alert(alertLabels, ab.Build(), value, ts);
        }

        foreach (var (key, a) in fresh)
        {
            // An alert already pending or firing keeps its state; value and annotations follow the data.
            if (Active.TryGetValue(key, out var existing) && existing.State != AlertState.Inactive)
            {
                existing.Value = a.Value;
                existing.Annotations = a.Annotations;
                continue;
            }

            Active[key] = a;
        }

        var vec = new List<(Labels, double)>();
        var numActive = 0;
        foreach (var (key, a) in Active.ToList())
        {
            if (!fresh.ContainsKey(key))
            {
                var keepFiring = false;
                if (a.State == AlertState.Firing && KeepFiringFor > TimeSpan.Zero)
                {
                    if (a.KeepFiringSince == default)
                    {
                        a.KeepFiringSince = ts;
                    }

                    keepFiring = ts - a.KeepFiringSince < KeepFiringFor;
                }

                if (a.State == AlertState.Pending || (a.ResolvedAt != default && ts - a.ResolvedAt > ResolvedRetention))
                {
                    Active.Remove(key);
                }

                if (a.State != AlertState.Inactive && !keepFiring)
                {
                    a.State = AlertState.Inactive;
                    a.ResolvedAt = ts;
                }

                if (!keepFiring)
                {
                    continue;
                }
            }
            else
            {
                a.KeepFiringSince = default;
            }

            numActive++;
            if (a.State == AlertState.Pending && ts - a.ActiveAt >= HoldDuration)
            {
                a.State = AlertState.Firing;
                a.FiredAt = ts;
            }
            else if (a.State == AlertState.Firing && ts - a.ActiveAt < HoldDuration && a.KeepFiringSince == default)
            {
                // 'for' grew on reload: the alert has not been active long enough any more.
                a.State = AlertState.Pending;
                a.FiredAt = default;
            }

            if (Restored)
            {
                vec.Add((AlertsSeries(a), 1));
                vec.Add((ForStateSeries(a.Labels), (a.ActiveAt - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond));
            }
        }

        if (limit > 0 && numActive > limit)
        {
            Active = [];
            throw new RuleEvalException($"exceeded limit of {limit} with {numActive} alerts");
        }

        return vec;
    }

    public static Labels AlertsSeries(Alert a)
    {
        var b = a.Labels.ToBuilder();
        b.Set(Label.MetricName, AlertMetricName);
        b.Set(AlertStateLabel, a.State.Name());
        return b.Build();
    }

    public static Labels ForStateSeries(Labels alertLabels) =>
        alertLabels.ToBuilder().Set(Label.MetricName, AlertForStateMetricName).Build();

    /// <summary>
    /// The alerts due for (re)sending after an evaluation at <paramref name="ts"/> (alerting.go sendAlerts,
    /// manager.go SendAlerts): StartsAt = FiredAt, EndsAt = ResolvedAt or ts + 4 × max(interval, resend delay).
    /// </summary>
    public List<NotifierAlert> AlertsToSend(RuleEvalContext ctx, DateTime ts, TimeSpan interval)
    {
        var resendDelay = ctx.Options.ResendDelay;
        var list = new List<NotifierAlert>();
        foreach (var a in Active.Values)
        {
            if (!a.NeedsSending(ts, resendDelay))
            {
                continue;
            }

            a.LastSentAt = ts;
            var delta = interval > resendDelay ? interval : resendDelay;
            a.ValidUntil = ts + 4 * delta;
            var labels = a.Labels;
            if (ctx.ExternalLabels.Count > 0)
            {
                var b = labels.ToBuilder();
                foreach (var l in ctx.ExternalLabels)
                {
                    if (!labels.Has(l.Name))
                    {
                        b.Set(l.Name, l.Value);
                    }
                }

                labels = b.Build();
            }

            var endsAt = a.ResolvedAt != default ? a.ResolvedAt : a.ValidUntil;
            list.Add(new NotifierAlert(labels, a.Annotations, a.FiredAt, endsAt,
                ctx.ExternalUrl.TrimEnd('/') + GoUrl.TableLink(Query)));
        }

        return list;
    }

    public AlertState State
    {
        get
        {
            var s = AlertState.Inactive;
            foreach (var a in Active.Values)
            {
                if (a.State > s)
                {
                    s = a.State;
                }
            }

            return s;
        }
    }

    protected override RuleSnapshot BuildSnapshot()
    {
        var alerts = new List<AlertSnapshot>();
        foreach (var a in Active.Values)
        {
            if (a.State != AlertState.Inactive)
            {
                alerts.Add(a.Snapshot());
            }
        }

        alerts.Sort(static (x, y) => x.Labels.CompareTo(y.Labels));
        return new RuleSnapshot(Name, Query, true, Labels, Annotations, HoldDuration, KeepFiringFor, State, alerts, Health, LastError,
            EvaluationTime, LastEvaluation);
    }
}
