using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>Alertmanager's inhibit.Inhibitor over the alert store.</summary>
internal sealed class Inhibitor(IReadOnlyList<InhibitRuleConfig> rules)
{
    /// <summary>True when a firing source alert of some rule mutes <paramref name="target"/>. Call under the state lock.</summary>
    public bool Mutes(Labels target, IEnumerable<StoredAlert> alerts, DateTime now)
    {
        foreach (var rule in rules)
        {
            if (!rule.Target.Matches(target))
            {
                continue;
            }

            // An alert matching both sides cannot be inhibited by another alert matching both sides,
            // or such alerts would mute each other.
            var twoSided = rule.Source.Matches(target);
            foreach (var source in alerts)
            {
                if (source.ResolvedAt(now) || !rule.Source.Matches(source.Labels))
                {
                    continue;
                }

                if (twoSided && rule.Target.Matches(source.Labels))
                {
                    continue;
                }

                if (rule.EqualOn(source.Labels, target))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
