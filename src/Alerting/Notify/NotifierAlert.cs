using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// An alert as the rule engine hands it to notification: Prometheus's notifier.Alert (the shape
/// posted to Alertmanager's <c>/api/v2/alerts</c>). <see cref="EndsAt"/> is in the future for a
/// firing alert (now + 4 × max(evaluation interval, resend delay)) and the resolve time for a
/// resolved one.
/// </summary>
public sealed record NotifierAlert(Labels Labels, Labels Annotations, DateTime StartsAt, DateTime EndsAt, string GeneratorUrl)
{
    public bool IsResolvedAt(DateTime now) => EndsAt <= now;
}
