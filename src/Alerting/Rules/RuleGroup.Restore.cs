using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

internal sealed partial class RuleGroup
{
    /// <summary>
    /// Restores ActiveAt of the alerts found in the first evaluations from the <c>ALERTS_FOR_STATE</c>
    /// series written before a restart (group.go RestoreForState). Rules whose <c>for</c> is shorter
    /// than the grace period are not restored: they simply wait their <c>for</c> again.
    /// </summary>
    public void RestoreForState(DateTime ts)
    {
        var opts = _ctx.Options;
        var maxt = RuleEvalContext.ToMs(ts);
        var mint = RuleEvalContext.ToMs(ts - opts.ForOutageTolerance);
        using var q = _ctx.Db.Querier(mint, maxt);
        foreach (var rule in Rules)
        {
            if (rule is not AlertingRule ar)
            {
                continue;
            }

            if (ar.HoldDuration < opts.ForGracePeriod)
            {
                ar.Restored = true;
                continue;
            }

            var matchers = new List<Matcher>
            {
                Matcher.Equal(Label.MetricName, AlertingRule.AlertForStateMetricName),
                Matcher.Equal(AlertingRule.AlertNameLabel, ar.Name),
            };
            foreach (var l in ar.Labels)
            {
                // Templated label values are only known per alert; they cannot narrow the selection.
                if (!l.Value.Contains("{{", StringComparison.Ordinal))
                {
                    matchers.Add(Matcher.Equal(l.Name, l.Value));
                }
            }

            var byLabels = new Dictionary<Labels, StorageSeries>();
            foreach (var s in q.Select(matchers))
            {
                byLabels[s.Labels.ToBuilder().Delete(Label.MetricName).Build()] = s;
            }

            foreach (var a in ar.Active.Values)
            {
                if (!byLabels.TryGetValue(a.Labels, out var series))
                {
                    continue;
                }

                long t = 0;
                var v = double.NaN;
                var found = false;
                var it = series.Iterator();
                while (it.Next() != SampleKind.None)
                {
                    (t, v) = it.At();
                    found = true;
                }

                if (!found || StaleNaN.Is(v))
                {
                    continue;
                }

                var downAt = DateTime.UnixEpoch.AddSeconds(t / 1000);
                var restoredActiveAt = DateTime.UnixEpoch.AddSeconds((long)v);
                var remaining = ar.HoldDuration - (downAt - restoredActiveAt);
                if (remaining <= TimeSpan.Zero)
                {
                    // It was firing when we went down; the next evaluation fires it again.
                }
                else if (remaining < opts.ForGracePeriod)
                {
                    restoredActiveAt = ts + opts.ForGracePeriod - ar.HoldDuration;
                }
                else
                {
                    restoredActiveAt += ts - downAt;
                }

                a.ActiveAt = restoredActiveAt;
            }

            ar.Restored = true;
            ar.Publish();
        }

        _snapshot = BuildSnapshot();
    }
}
