using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// An inhibition rule: a firing alert matching <see cref="Source"/> mutes alerts matching
/// <see cref="Target"/> that have the same values for every <see cref="Equal"/> label
/// (absent on both sides counts as equal, as in Alertmanager).
/// </summary>
public sealed record InhibitRuleConfig(MatcherSet Source, MatcherSet Target, IReadOnlyList<string> Equal)
{
    internal bool EqualOn(Labels a, Labels b)
    {
        foreach (var name in Equal)
        {
            if (a.Get(name) != b.Get(name))
            {
                return false;
            }
        }

        return true;
    }

    internal static InhibitRuleConfig Read(YamlMap m)
    {
        var source = ConfigReader.LegacyMatchers(m, "source_match", "source_match_re");
        source.AddRange(ConfigReader.Matchers(m, "source_matchers"));
        var target = ConfigReader.LegacyMatchers(m, "target_match", "target_match_re");
        target.AddRange(ConfigReader.Matchers(m, "target_matchers"));
        var equal = m.StringList("equal");
        m.RejectUnknown();
        return new InhibitRuleConfig(new MatcherSet(source), new MatcherSet(target), equal);
    }
}
