using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Tsdb.Load.Report;
using Tsdb.Load.Workload;

namespace Tsdb.Load.Push;

/// <summary>
/// Sends the pre-encoded requests: one HTTP/1.1 connection per sender, each sender its own queue
/// in order, no retries (a failed request is counted, not resent). Stops at the time limit.
/// </summary>
internal sealed class PushRunner(Uri url, int maxSeconds, int requestTimeoutSeconds)
{
    /// <summary>A sender gives up after this many transport failures in a row (the server is gone).</summary>
    private const int MaxConsecutiveTransportErrors = 10;

    private const int KeptErrors = 5;

    private readonly ConcurrentDictionary<string, int> _statusCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _errors = new();
    private long _samplesAccepted;
    private long _bytes;
    private int _sent;
    private int _non2xx;
    private int _transportErrors;

    public async Task<PushResult> RunAsync(List<EncodedRequest>[] queues, TextWriter progress)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = queues.Length,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(requestTimeoutSeconds) };
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        var total = queues.Sum(q => q.Count);
        var latencies = new List<double>[queues.Length];
        // On 2 cores the sender's own CPU is taken from the server; report it so that cost is visible.
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var senders = new Task[queues.Length];
        for (var s = 0; s < queues.Length; s++)
        {
            latencies[s] = new List<double>(queues[s].Count);
            var queue = queues[s];
            var mine = latencies[s];
            senders[s] = Task.Run(() => SendAllAsync(client, queue, mine, limit.Token));
        }

        using var done = new CancellationTokenSource();
        var reporter = ReportProgressAsync(progress, total, clock, done.Token);
        await Task.WhenAll(senders).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        await done.CancelAsync().ConfigureAwait(false);
        await reporter.ConfigureAwait(false);

        var all = latencies.SelectMany(l => l).Order().ToList();
        return new PushResult(
            total,
            _sent,
            _samplesAccepted,
            _bytes,
            seconds,
            cpuSeconds,
            _samplesAccepted / seconds,
            Percentiles.Of(all, 50),
            Percentiles.Of(all, 99),
            all.Count > 0 ? all[^1] : double.NaN,
            _non2xx,
            _transportErrors,
            new Dictionary<string, int>(_statusCounts, StringComparer.Ordinal),
            [.. _errors],
            Completed: _sent == total);
    }

    private async Task SendAllAsync(HttpClient client, List<EncodedRequest> queue, List<double> latencies, CancellationToken token)
    {
        var consecutiveFailures = 0;
        foreach (var request in queue)
        {
            if (token.IsCancellationRequested || consecutiveFailures >= MaxConsecutiveTransportErrors)
            {
                return;
            }

            using var message = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = Content(request.Body),
            };
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref _sent);
                Interlocked.Add(ref _bytes, request.Body.Length);
                consecutiveFailures = 0;
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _statusCounts.AddOrUpdate(status, 1, static (_, n) => n + 1);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref _samplesAccepted, request.Samples);
                }
                else
                {
                    Interlocked.Increment(ref _non2xx);
                    await KeepErrorAsync(status, response, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // TaskCanceledException without our token is the per-request timeout.
                Interlocked.Increment(ref _transportErrors);
                consecutiveFailures++;
                if (_errors.Count < KeptErrors)
                {
                    _errors.Enqueue("transport: " + e.Message);
                }
            }
        }
    }

    private async Task KeepErrorAsync(string status, HttpResponseMessage response, CancellationToken token)
    {
        if (_errors.Count >= KeptErrors)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
        _errors.Enqueue($"{status}: {(body.Length > 300 ? body[..300] : body).Trim()}");
    }

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        content.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return content;
    }

    private async Task ReportProgressAsync(TextWriter progress, int total, Stopwatch clock, CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                var seconds = clock.Elapsed.TotalSeconds;
                await progress.WriteLineAsync(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"  {seconds,6:F1}s  {Volatile.Read(ref _sent)}/{total} requests  {Interlocked.Read(ref _samplesAccepted) / seconds:F0} samples/s  non-2xx {Volatile.Read(ref _non2xx)}")).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The push finished.
        }
    }
}
