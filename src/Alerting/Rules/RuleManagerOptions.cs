using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>Rule manager settings; defaults are Prometheus's flag defaults.</summary>
public sealed class RuleManagerOptions
{
    public Labels ExternalLabels { get; init; } = Labels.Empty;

    /// <summary>Prefix of generatorURL (<c>--web.external-url</c>), e.g. <c>http://host:9090</c>.</summary>
    public string ExternalUrl { get; init; } = "";

    /// <summary>Group interval when neither the group nor Update gives one (global.evaluation_interval).</summary>
    public TimeSpan DefaultEvaluationInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>--rules.alert.resend-delay</c>: minimum time between re-sends of the same alert.</summary>
    public TimeSpan ResendDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>--rules.alert.for-grace-period</c>: minimum time an alert waits after a restart before firing again.</summary>
    public TimeSpan ForGracePeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--rules.alert.for-outage-tolerance</c>: how far back ALERTS_FOR_STATE is read on restore.</summary>
    public TimeSpan ForOutageTolerance { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Clock for schedules and restore; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Evaluation failures, rejected samples and reload messages.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Label/annotation templates; null means the Go-template engine (Tsdb.Alerting.Templates) with <c>query</c> on this manager's storage.</summary>
    public IRuleTemplates? Templates { get; init; }

    /// <summary>When false, groups do not run on a schedule; the caller drives evaluation (tests, <c>tsdb test rules</c>).</summary>
    public bool RunSchedules { get; init; } = true;
}
