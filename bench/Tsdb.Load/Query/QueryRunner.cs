using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tsdb.Load.Report;
using Tsdb.Load.Workload;

namespace Tsdb.Load.Query;

/// <summary>
/// Runs each query K times, one after another, as Grafana sends them: POST with a form body.
/// Latency is until the whole response body is read; parsing it is not timed.
/// </summary>
internal sealed class QueryRunner(Uri baseUrl, int runs, int maxSeconds, int requestTimeoutSeconds, bool noCache)
{
    public async Task<List<QueryResult>> RunAsync(WorkloadSpec spec, TextWriter progress)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, UseCookies = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(requestTimeoutSeconds) };
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        var start = spec.StartMs / 1000.0;
        var end = spec.EndUnixSeconds;
        // Whole seconds, at least 1: a step like Grafana's for ~240 points over the loaded window.
        var step = Math.Max(1, (long)Math.Ceiling((end - start) / QuerySet.RangePoints));
        var results = new List<QueryResult>();
        foreach (var query in QuerySet.All)
        {
            var form = new List<KeyValuePair<string, string>> { new("query", query.Expr) };
            if (query.Range)
            {
                form.Add(new("start", start.ToString("R", CultureInfo.InvariantCulture)));
                form.Add(new("end", end.ToString(CultureInfo.InvariantCulture)));
                form.Add(new("step", step.ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                form.Add(new("time", end.ToString(CultureInfo.InvariantCulture)));
            }

            if (noCache)
            {
                // VictoriaMetrics caches rollup results across runs; this asks it not to (others ignore it).
                form.Add(new("nocache", "1"));
            }

            var path = query.Range ? "api/v1/query_range" : "api/v1/query";
            var result = await RunOneAsync(client, new Uri(baseUrl, path), query, form, limit.Token).ConfigureAwait(false);
            results.Add(result);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {query.Name,-26} median {result.MedianMs,9:F1} ms  series {result.Series}")).ConfigureAwait(false);
        }

        return results;
    }

    private async Task<QueryResult> RunOneAsync(HttpClient client, Uri url, QueryDefinition query, List<KeyValuePair<string, string>> form, CancellationToken token)
    {
        var latencies = new List<double>(runs);
        var errors = 0;
        string? error = null;
        var series = 0;
        var points = 0L;
        for (var run = 0; run < runs && !token.IsCancellationRequested; run++)
        {
            using var content = new FormUrlEncodedContent(form);
            using var message = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = content,
            };
            var started = Stopwatch.GetTimestamp();
            byte[] body;
            try
            {
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                errors++;
                error = e.Message;
                continue;
            }

            var shape = ResponseShape.Read(body);
            if (!shape.Ok)
            {
                errors++;
                error = shape.Error;
            }

            (series, points) = (shape.Series, shape.Points);
        }

        var sorted = latencies.Order().ToList();
        return new QueryResult(
            query.Name,
            query.Range ? "range" : "instant",
            query.Expr,
            latencies.Count,
            Percentiles.Of(sorted, 50),
            sorted.Count > 0 ? sorted[0] : double.NaN,
            sorted.Count > 0 ? sorted[^1] : double.NaN,
            series,
            points,
            errors,
            error);
    }
}
