using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using Tsdb.Scrape.Parsing;
using Tsdb.Scrape.Targets;
using Tsdb.Storage;

namespace Tsdb.Scrape.Loop;

/// <summary>
/// Scrapes one target every interval at a stable offset, appends what it reads plus the report
/// series in one commit per scrape, and writes staleness markers (scrape.go scrapeLoop). Stopping
/// with <see cref="StopAsync"/> leaves the end-of-run staleness running in the background; stopping
/// through the manager's shutdown token writes nothing.
/// </summary>
internal sealed class ScrapeLoop
{
    public const string UserAgent = "Prometheus/3.0.0";

    private readonly ScrapeTarget _target;
    private readonly ScrapeLoopContext _ctx;
    private readonly SampleSink _sink;
    private readonly HeadAppender _app;
    private readonly ReportSeries _report;
    private readonly CancellationTokenSource _stop;
    private readonly string _accept;
    private readonly string _timeoutHeader;
    private readonly ExpositionFormat? _fallback;
    private readonly object _stateLock = new();
    private Task _run = Task.CompletedTask;
    private long _lastTs = long.MinValue;
    private long _nextTick;
    private volatile string? _forcedError;
    private bool _endOfRunStaleness = true;

    // Health as /api/v1/targets shows it; written after each scrape under _stateLock.
    private TargetHealth _health;
    private string _lastError = "";
    private DateTimeOffset? _lastScrape;
    private TimeSpan _lastDuration;

    public ScrapeLoop(ScrapeTarget target, ScrapeLoopContext ctx)
    {
        _target = target;
        _ctx = ctx;
        var cfg = ctx.Config;
        _sink = new SampleSink(
            new ScrapeSettings(target.Labels, cfg.HonorLabels, cfg.HonorTimestamps, cfg.TrackTimestampsStaleness, cfg.MetricRelabelConfigs,
                cfg.SampleLimit, cfg.LabelLimit, cfg.LabelNameLengthLimit, cfg.LabelValueLengthLimit),
            ctx.Metadata);
        _app = ctx.Db.Appender();
        _report = new ReportSeries(target.Labels);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Shutdown);
        _accept = Config.ScrapeProtocols.AcceptHeader(cfg.ScrapeProtocols);
        _timeoutHeader = target.Timeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
        _fallback = cfg.FallbackScrapeProtocol is { } fb ? Config.ScrapeProtocols.Format(fb) : null;
    }

    public ScrapeTarget Target => _target;

    /// <summary>target_limit exceeded and the like: every scrape fails with this error until cleared.</summary>
    public void SetForcedError(string? error) => _forcedError = error;

    /// <summary>A replacement loop for the same target takes over: skip the end-of-run staleness markers.</summary>
    public void DisableEndOfRunStaleness() => _endOfRunStaleness = false;

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Stops scraping; returns once no scrape is in flight. End-of-run staleness continues in the background.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public ActiveTarget Snapshot(string globalUrl)
    {
        lock (_stateLock)
        {
            return new ActiveTarget(_target.Discovered, _target.Labels, _target.Pool, _target.Url, globalUrl, _lastError, _lastScrape,
                _lastDuration, _health, _target.Interval, _target.Timeout);
        }
    }

    public IReadOnlyList<TargetMetadata> Metadata() => _sink.MetadataSnapshot();

    private async Task RunAsync()
    {
        var time = _ctx.Time;
        var intervalMs = (long)_target.Interval.TotalMilliseconds;
        var offsetMs = (long)_target.Offset(_ctx.OffsetSeed).TotalMilliseconds;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // First tick: the next time t >= now with t ≡ offset (mod interval), so every target keeps
        // its place in the interval across restarts (target.go offset).
        _nextTick = now - Mod(now - offsetMs, intervalMs);
        if (_nextTick < now)
        {
            _nextTick += intervalMs;
        }

        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await DelayUntil(_nextTick, token).ConfigureAwait(false);
                var start = time.GetUtcNow();
                var startMs = start.ToUnixTimeMilliseconds();

                var ts = SnapTimestamp(startMs, _nextTick, intervalMs);
                await ScrapeOnceAsync(ts, start, token).ConfigureAwait(false);
                _lastTs = ts;

                _nextTick += intervalMs;
                var after = time.GetUtcNow().ToUnixTimeMilliseconds();
                while (_nextTick <= after - intervalMs)
                {
                    // Skipped ticks (a scrape longer than the interval, or a stalled process).
                    _nextTick += intervalMs;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        if (_endOfRunStaleness && !_ctx.Shutdown.IsCancellationRequested && _lastTs != long.MinValue)
        {
            _ = Task.Run(() => EndOfRunStalenessAsync(intervalMs));
        }
    }

    /// <summary>
    /// The scrape timestamp: the ideal tick when the real start is within min(2 ms, 1% of the
    /// interval) after it, else the real start. Identical deltas compress to almost nothing in the
    /// XOR chunks (scrape.go ScrapeTimestampTolerance).
    /// </summary>
    internal static long SnapTimestamp(long startMs, long tickMs, long intervalMs)
    {
        var tolerance = Math.Min(2, intervalMs / 100);
        return startMs >= tickMs && startMs - tickMs <= tolerance ? tickMs : startMs;
    }

    private static long Mod(long a, long m) => ((a % m) + m) % m;

    private Task DelayUntil(long unixMs, CancellationToken ct)
    {
        var wait = unixMs - _ctx.Time.GetUtcNow().ToUnixTimeMilliseconds();
        return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(wait), _ctx.Time, ct);
    }

    /// <summary>
    /// scrape.go endOfRunStaleness: wait for the next tick and note its time, wait one more interval
    /// plus 10%, then mark everything of the last scrape (and the report series) stale at the noted
    /// time. If the target came back meanwhile, its new samples are newer and the markers are
    /// rejected as out of order, which is the intent.
    /// </summary>
    private async Task EndOfRunStalenessAsync(long intervalMs)
    {
        var shutdown = _ctx.Shutdown;
        try
        {
            var staleTime = _nextTick;
            await DelayUntil(staleTime, shutdown).ConfigureAwait(false);
            await DelayUntil(staleTime + intervalMs + (intervalMs / 10), shutdown).ConfigureAwait(false);
            _sink.MarkAllStale(_app, staleTime);
            _report.Append(_app, staleTime, StaleNaN.Value, StaleNaN.Value, StaleNaN.Value, StaleNaN.Value, StaleNaN.Value);
            var result = await _app.CommitAsync(shutdown).ConfigureAwait(false);
            _ctx.CountAppendErrors(result);
        }
        catch (OperationCanceledException)
        {
            _app.Rollback();
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException)
        {
            _app.Rollback();
            _ctx.Log?.Invoke($"scrape: end-of-run staleness for {_target.Url} failed: {e.Message}");
        }
    }

    /// <summary>One scrape at timestamp <paramref name="ts"/>: fetch, parse, append, staleness, report, commit.</summary>
    internal async Task ScrapeOnceAsync(long ts, DateTimeOffset start, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        _sink.Begin(_app, ts);
        string? error;
        try
        {
            error = _forcedError ?? await FetchAndParseAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-scrape: nothing of it is kept.
            _app.Rollback();
            throw;
        }

        if (error is not null && ct.IsCancellationRequested)
        {
            // A stop aborted the request (the client then surfaces it as an I/O or HTTP error rather
            // than a cancellation): that is not a failed scrape, so no up=0 and no stale markers.
            _app.Rollback();
            throw new OperationCanceledException(ct);
        }

        if (error is null && _sink.LimitError is { } limit)
        {
            error = limit;
            _ctx.Metrics.ExceededSampleLimit.Add(1);
        }

        var duration = sw.Elapsed;
        if (error is null)
        {
            _sink.FinishSuccess(_app, ts);
            _report.Append(_app, ts, 1, duration.TotalSeconds, _sink.Scraped, _sink.PostRelabel, _sink.SeriesAdded);
        }
        else
        {
            // Nothing of a failed scrape is stored: what was appended goes, the last scrape's series
            // get stale markers, and only the report series (up=0) are written.
            _app.Rollback();
            _sink.MarkAllStale(_app, ts);
            _report.Append(_app, ts, 0, duration.TotalSeconds, _sink.Scraped, _sink.PostRelabel, 0);
        }

        try
        {
            // Not cancelled by a stop: once appended, a scrape is committed whole, so the loop's
            // idea of its last scrape (and the end-of-run staleness time) matches what was stored.
            var result = await _app.CommitAsync(_ctx.Shutdown).ConfigureAwait(false);
            _ctx.CountAppendErrors(result);
        }
        catch (OperationCanceledException)
        {
            _app.Rollback();
            throw;
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException)
        {
            _app.Rollback();
            _ctx.Log?.Invoke($"scrape: commit for {_target.Url} failed: {e.Message}");
        }

        lock (_stateLock)
        {
            _health = error is null ? TargetHealth.Up : TargetHealth.Down;
            _lastError = error ?? "";
            _lastScrape = start;
            _lastDuration = duration;
        }
    }

    /// <summary>Null on success, else the error text (as Prometheus words it) that fails the scrape.</summary>
    private async Task<string?> FetchAndParseAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_target.Timeout);
        try
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, _target.Url);
            req.Headers.TryAddWithoutValidation("Accept", _accept);
            req.Headers.TryAddWithoutValidation("Accept-Encoding", _ctx.Config.EnableCompression ? "gzip" : "identity");
            req.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            req.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", _timeoutHeader);
            using var resp = await _ctx.Client.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (resp.StatusCode != HttpStatusCode.OK)
            {
                return $"server returned HTTP status {(int)resp.StatusCode} {resp.ReasonPhrase}";
            }

            var contentType = resp.Content.Headers.ContentType?.ToString();
            var format = _ctx.Parser.FormatFromContentType(contentType) ?? _fallback;
            if (format is null)
            {
                return ExpositionReader.UnsupportedContentTypeMessage(contentType);
            }

            Stream body = await resp.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            if (resp.Content.Headers.ContentEncoding.Contains("gzip"))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            await using (body.ConfigureAwait(false))
            {
                var reader = PipeReader.Create(body);
                try
                {
                    await _ctx.Parser.Parse(reader, format.Value, _sink, _ctx.Config.BodySizeLimit, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    await reader.CompleteAsync().ConfigureAwait(false);
                }
            }

            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"Get \"{_target.Url}\": context deadline exceeded";
        }
        catch (HttpRequestException e)
        {
            return $"Get \"{_target.Url}\": {e.Message}";
        }
        catch (BodySizeLimitExceededException e)
        {
            _ctx.Metrics.ExceededBodySizeLimit.Add(1);
            return e.Message;
        }
        catch (ScrapeLimitException e)
        {
            _ctx.Metrics.ExceededLabelLimits.Add(1);
            return e.Message;
        }
        catch (ExpositionFormatException e)
        {
            return e.Message;
        }
        catch (InvalidDataException e)
        {
            // gzip errors and malformed series keys.
            return e.Message;
        }
        catch (IOException e)
        {
            return $"Get \"{_target.Url}\": {e.Message}";
        }
#pragma warning disable CA1031 // A scrape must never take its loop down; anything unexpected fails this scrape only.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _ctx.Log?.Invoke($"scrape: unexpected error scraping {_target.Url}: {e}");
            return e.Message;
        }
    }
}
