using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// A node of the routing tree with inherited settings already applied (a child without
/// <c>receiver</c>, <c>group_by</c> or timings takes its parent's, as in Alertmanager's
/// <c>dispatch/route.go</c> NewRoute).
/// </summary>
public sealed class RouteConfig
{
    public required string Receiver { get; init; }

    /// <summary>The group_by labels; empty with <see cref="GroupByAll"/> false means one group per route.</summary>
    public required IReadOnlySet<string> GroupBy { get; init; }

    /// <summary><c>group_by: ['...']</c>: every label set is its own group.</summary>
    public bool GroupByAll { get; init; }

    public TimeSpan GroupWait { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan GroupInterval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(4);

    public required MatcherSet Matchers { get; init; }

    public bool Continue { get; init; }

    public IReadOnlyList<RouteConfig> Routes { get; internal set; } = [];

    public RouteConfig? Parent { get; private set; }

    /// <summary>Alertmanager's Route.Key(): parent key + "/" + matchers, the prefix of group keys.</summary>
    public string Key => Parent is null ? Matchers.ToString() : Parent.Key + "/" + Matchers;

    /// <summary>Depth-first, left to right; a node matches itself when no child does; <c>continue</c> goes on to siblings.</summary>
    public IReadOnlyList<RouteConfig> Match(Labels labels)
    {
        if (!Matchers.Matches(labels))
        {
            return [];
        }

        var all = new List<RouteConfig>();
        foreach (var child in Routes)
        {
            var matches = child.Match(labels);
            all.AddRange(matches);
            if (matches.Count > 0 && !child.Continue)
            {
                break;
            }
        }

        if (all.Count == 0)
        {
            all.Add(this);
        }

        return all;
    }

    public IEnumerable<RouteConfig> Walk()
    {
        yield return this;
        foreach (var child in Routes)
        {
            foreach (var r in child.Walk())
            {
                yield return r;
            }
        }
    }

    internal static RouteConfig Read(YamlMap m, RouteConfig? parent)
    {
        ConfigReader.RejectUnsupported(m, "time intervals are not implemented", "mute_time_intervals", "active_time_intervals");
        var receiver = m.String("receiver");
        var groupByNodes = m.Has("group_by") ? m.StringList("group_by") : null;
        var matchers = ConfigReader.LegacyMatchers(m, "match", "match_re");
        matchers.AddRange(ConfigReader.Matchers(m, "matchers"));
        var isRoot = parent is null;
        if (isRoot)
        {
            if (string.IsNullOrEmpty(receiver))
            {
                throw m.Error("receiver", "root route must specify a default receiver");
            }

            if (matchers.Count > 0)
            {
                throw m.Error(m.Has("matchers") ? "matchers" : m.Has("match") ? "match" : "match_re", "root route must not have any matchers");
            }

            if (m.Bool("continue") == true)
            {
                throw m.Error("continue", "cannot have continue in root route");
            }
        }

        var groupBy = parent?.GroupBy ?? new HashSet<string>(StringComparer.Ordinal);
        var groupByAll = parent?.GroupByAll ?? false;
        if (groupByNodes is not null)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            groupByAll = false;
            foreach (var l in groupByNodes)
            {
                if (l == "...")
                {
                    groupByAll = true;
                    continue;
                }

                ConfigReader.CheckLabelName(m, "group_by", l);
                if (!set.Add(l))
                {
                    throw m.Error("group_by", $"duplicated label \"{l}\" in group_by");
                }
            }

            if (groupByAll && set.Count > 0)
            {
                throw m.Error("group_by", "cannot have wildcard group_by (`...`) and other other labels at the same time");
            }

            groupBy = set;
        }

        var groupInterval = m.Duration("group_interval") ?? parent?.GroupInterval ?? TimeSpan.FromMinutes(5);
        var repeatInterval = m.Duration("repeat_interval") ?? parent?.RepeatInterval ?? TimeSpan.FromHours(4);
        if (groupInterval <= TimeSpan.Zero)
        {
            throw m.Error("group_interval", "group_interval cannot be zero");
        }

        if (repeatInterval <= TimeSpan.Zero)
        {
            throw m.Error("repeat_interval", "repeat_interval cannot be zero");
        }

        var route = new RouteConfig
        {
            Receiver = string.IsNullOrEmpty(receiver) ? parent!.Receiver : receiver,
            GroupBy = groupBy,
            GroupByAll = groupByAll,
            GroupWait = m.Duration("group_wait") ?? parent?.GroupWait ?? TimeSpan.FromSeconds(30),
            GroupInterval = groupInterval,
            RepeatInterval = repeatInterval,
            Matchers = new MatcherSet(matchers),
            Continue = m.Bool("continue") ?? false,
            Parent = parent,
            ReceiverLine = m.LineOf("receiver"),
        };
        var children = new List<RouteConfig>();
        foreach (var child in m.MapList("routes", "route"))
        {
            children.Add(Read(child, route));
        }

        route.Routes = children;
        m.RejectUnknown();
        return route;
    }

    /// <summary>Where in the file the route was declared, for "undefined receiver" errors.</summary>
    internal int ReceiverLine { get; init; }
}
