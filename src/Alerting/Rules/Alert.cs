using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// One alert of an alerting rule, identified by its label set (Prometheus rules.Alert). Mutated
/// only by the owning group's evaluation; readers get <see cref="AlertSnapshot"/>s. Times are UTC,
/// <see cref="DateTime.MinValue"/> meaning "not set" (Go's zero time).
/// </summary>
internal sealed class Alert(Labels labels, Labels annotations, double value, DateTime activeAt)
{
    public Labels Labels { get; } = labels;

    public Labels Annotations { get; set; } = annotations;

    public AlertState State { get; set; } = AlertState.Pending;

    public double Value { get; set; } = value;

    public DateTime ActiveAt { get; set; } = activeAt;

    public DateTime FiredAt { get; set; }

    public DateTime ResolvedAt { get; set; }

    public DateTime LastSentAt { get; set; }

    public DateTime ValidUntil { get; set; }

    public DateTime KeepFiringSince { get; set; }

    /// <summary>alerting.go needsSending: never pending; resolved since the last send; or the resend delay passed.</summary>
    public bool NeedsSending(DateTime ts, TimeSpan resendDelay)
    {
        if (State == AlertState.Pending)
        {
            return false;
        }

        if (ResolvedAt > LastSentAt)
        {
            return true;
        }

        return LastSentAt + resendDelay < ts;
    }

    public AlertSnapshot Snapshot() => new(Labels, Annotations, State, ActiveAt, FiredAt, ResolvedAt, KeepFiringSince, Value);
}
