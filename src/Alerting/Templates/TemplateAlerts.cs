namespace Tsdb.Alerting.Templates;

/// <summary>
/// Alertmanager's <c>Alerts</c>: a list of alert objects with <c>Firing</c> and <c>Resolved</c>, which select
/// by each alert's <c>Status</c> field ("firing"/"resolved").
/// </summary>
public sealed class TemplateAlerts : List<ITemplateObject>, ITemplateObject
{
    public TemplateAlerts()
    {
    }

    public TemplateAlerts(IEnumerable<ITemplateObject> alerts)
        : base(alerts)
    {
    }

    public TemplateAlerts WithStatus(string status)
    {
        var r = new TemplateAlerts();
        foreach (var a in this)
        {
            if (a.TryGetField("Status", out var s) && s is string str && str == status)
            {
                r.Add(a);
            }
        }

        return r;
    }

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Firing" => new TemplateMethod(_ => WithStatus("firing")),
            "Resolved" => new TemplateMethod(_ => WithStatus("resolved")),
            _ => null,
        };
        return value is not null;
    }

    public override string ToString() => GoFormat.V(new List<object?>(this));
}
