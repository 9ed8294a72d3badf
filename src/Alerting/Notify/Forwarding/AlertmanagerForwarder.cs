using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// Sends the rule engine's alerts to one Alertmanager the way Prometheus's notifier does:
/// <c>POST /api/v2/alerts</c> with a JSON array, batches of 256, a queue of 10000 that drops the
/// oldest when full. Each Alertmanager has its own queue so one that is down does not delay the others.
/// </summary>
public sealed class AlertmanagerForwarder : IAsyncDisposable
{
    public const int DefaultBatchSize = 256;
    public const int DefaultCapacity = 10000;
    public const string UserAgent = "Prometheus/3.0.0";

    private readonly HttpClient _client;
    private readonly DeliveryQueue<NotifierAlert> _queue;
    private readonly KeyValuePair<string, object?>[] _tags;

    public AlertmanagerForwarder(Uri url, AlertmanagerTargetConfig config, string? baseDir, int capacity = DefaultCapacity, int batchSize = DefaultBatchSize, DeliveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(config);
        Url = url;
        _client = HttpClientFactory.Create(config.HttpConfig, baseDir, config.Timeout);
        _tags = [new("alertmanager", url.ToString())];

        // Prometheus re-sends firing alerts every resend delay anyway, so a failed batch is
        // retried only briefly rather than holding up newer alerts.
        options ??= new DeliveryOptions { MaxRetryDuration = TimeSpan.FromMinutes(1) };
        _queue = new DeliveryQueue<NotifierAlert>(capacity, batchSize, options, SendAsync,
            onDropped: n => NotifyMetrics.DroppedTotal.Add(n, _tags),
            onAttempt: (batch, r, latency) =>
            {
                NotifyMetrics.Latency.Record(latency.TotalSeconds, _tags);
                if (r.Outcome == DeliveryOutcome.Success)
                {
                    NotifyMetrics.SentTotal.Add(batch.Count, _tags);
                }
                else
                {
                    NotifyMetrics.ErrorsTotal.Add(batch.Count, _tags);
                    LastError = r.Error;
                }
            },
            onGiveUp: (batch, _) => NotifyMetrics.DroppedTotal.Add(batch.Count, _tags));
        NotifyMetrics.RegisterQueue(this, () => (Url.ToString(), _queue.Length, _queue.Capacity));
    }

    public Uri Url { get; }

    public string? LastError { get; private set; }

    public int QueueLength => _queue.Length;

    public void Send(IReadOnlyList<NotifierAlert> alerts) => _queue.Enqueue(alerts);

    private Task<DeliveryResult> SendAsync(IReadOnlyList<NotifierAlert> batch, CancellationToken ct) =>
        HttpDelivery.PostJsonAsync(_client, Url, Payload(batch), UserAgent, null, ct);

    /// <summary>The JSON array of postable alerts (times as strfmt.DateTime, RFC3339 with milliseconds).</summary>
    public static byte[] Payload(IReadOnlyList<NotifierAlert> alerts) => WireJson.Write(w =>
    {
        w.WriteStartArray();
        foreach (var a in alerts)
        {
            w.WriteStartObject();
            WireJson.WriteLabels(w, "labels", a.Labels);
            if (a.Annotations.Count > 0)
            {
                WireJson.WriteLabels(w, "annotations", a.Annotations);
            }

            if (a.StartsAt != default)
            {
                w.WriteString("startsAt", WireJson.TimeMillis(a.StartsAt));
            }

            if (a.EndsAt != default)
            {
                w.WriteString("endsAt", WireJson.TimeMillis(a.EndsAt));
            }

            if (a.GeneratorUrl.Length > 0)
            {
                w.WriteString("generatorURL", a.GeneratorUrl);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public async ValueTask DisposeAsync()
    {
        NotifyMetrics.UnregisterQueue(this);
        await _queue.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
