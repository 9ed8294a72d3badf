namespace Tsdb.Alerting.Notify;

/// <summary>
/// Where rule groups send their active and resolved alerts after each evaluation. Implementations
/// must not block: they queue and deliver in the background, so a slow or dead receiver never delays
/// rule evaluation.
/// </summary>
public interface IAlertSink
{
    void Send(IReadOnlyList<NotifierAlert> alerts);
}
