using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tsdb.Scrape.Targets;
using Tsdb.Scrape.Tests.Support;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Loop;

public class ScrapeLoopTests
{
    private static Matcher Job(string j) => Matcher.Equal("job", j);

    [Fact]
    public async Task Scrape_StoresSamplesWithTargetLabels_AndReportSeries()
    {
        await using var target = await FakeTarget.StartAsync("# HELP a Some help.\n# TYPE a gauge\na 1\nb{x=\"y\"} 2.5\nc_total 3\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address));
        await DbAssert.WaitUntil(() => h.Samples("up", Job("j")).Count(s => s.V == 1) >= 2, what: "two successful scrapes");

        var a = DbAssert.Series(h.Db, Matcher.Equal("__name__", "a")).Single();
        Assert.Equal($"{{__name__=\"a\", instance=\"{target.Address}\", job=\"j\"}}", a.Labels.ToString());
        Assert.All(a.Samples, s => Assert.Equal(1, s.V));
        Assert.Equal(2.5, h.Samples("b", Matcher.Equal("x", "y"))[0].V);
        Assert.Equal(3, h.Samples("scrape_samples_scraped", Job("j")).Max(s => s.V));
        Assert.Equal(3, h.Samples("scrape_samples_post_metric_relabeling", Job("j")).Max(s => s.V));
        var added = h.Samples("scrape_series_added", Job("j"));
        Assert.Equal(3, added.Max(s => s.V));
        Assert.Equal(0, added[^1].V);
        Assert.True(h.Samples("scrape_duration_seconds", Job("j"))[0].V > 0);

        // Report series and samples of one scrape share its timestamp.
        Assert.Contains(h.Samples("up", Job("j")), s => s.T == a.Samples[0].T);

        var headers = target.LastHeaders!;
        Assert.Equal("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1", headers["Accept"]);
        Assert.Equal("gzip", headers["Accept-Encoding"]);
        Assert.Equal("Prometheus/3.0.0", headers["User-Agent"]);
        Assert.Equal("1", headers["X-Prometheus-Scrape-Timeout-Seconds"]);

        await DbAssert.WaitUntil(() => h.Manager.ActiveTargets().Single().Health == TargetHealth.Up, what: "healthy");
        var t = h.Manager.ActiveTargets().Single();
        Assert.Equal("", t.LastError);
        Assert.Equal("j", t.ScrapePool);
        Assert.Equal($"http://{target.Address}/metrics", t.ScrapeUrl);
        Assert.StartsWith("http://tsdb-host:", t.GlobalUrl, StringComparison.Ordinal);
        Assert.NotNull(t.LastScrape);
        Assert.Equal(TimeSpan.FromSeconds(1), t.ScrapeInterval);
        Assert.Equal(target.Address, t.DiscoveredLabels.Get("__address__"));

        var md = h.Manager.TargetsMetadata().Single().Metadata.Single(m => m.Metric == "a");
        Assert.Equal(("gauge", "Some help."), (md.Type, md.Help));
        Assert.True(h.Metadata.TryGet("a", out var stored));
        Assert.Equal("gauge", stored!.Type);
    }

    [Fact]
    public async Task DisappearingSeries_GetsStaleMarker()
    {
        await using var target = await FakeTarget.StartAsync("a 1\nb 2\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address));
        await DbAssert.WaitUntil(() => h.Samples("b").Count >= 2, what: "b scraped twice");
        target.ServeText("a 1\n");
        var before = h.Samples("up", Job("j")).Count;
        await DbAssert.WaitUntil(() => h.Samples("b") is { Count: > 0 } bs && StaleNaN.Is(bs[^1].V), what: "b stale");
        await h.WaitForScrapes("j", before + 2);

        var b = h.Samples("b");
        Assert.True(StaleNaN.Is(b[^1].V));
        Assert.Equal(1, b.Count(s => StaleNaN.Is(s.V)));
        Assert.DoesNotContain(h.Samples("a"), s => double.IsNaN(s.V));
    }

    [Fact]
    public async Task FailedScrape_WritesUpZeroAndStaleMarkers()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address));
        await DbAssert.WaitUntil(() => h.Samples("a").Count >= 2, what: "a scraped twice");
        target.Serve(ctx =>
        {
            ctx.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        await h.WaitForError("j", "server returned HTTP status 404");
        await DbAssert.WaitUntil(() => h.Samples("up", Job("j")).Count(s => s.V == 0) >= 2, what: "two failed scrapes");

        var a = h.Samples("a");
        Assert.True(StaleNaN.Is(a[^1].V));
        Assert.Equal(1, a.Count(s => StaleNaN.Is(s.V)));
        var t = h.Manager.ActiveTargets().Single();
        Assert.Equal(TargetHealth.Down, t.Health);
        Assert.Equal("server returned HTTP status 404 Not Found", t.LastError);
        Assert.Equal(0, h.Samples("scrape_samples_scraped", Job("j"))[^1].V);
        Assert.Equal(0, h.Samples("up", Job("j"))[^1].V);

        // Recovery: the series comes back.
        target.ServeText("a 5\n");
        await DbAssert.WaitUntil(() => h.Samples("a")[^1].V == 5, what: "recovered");
    }

    [Fact]
    public async Task UnsupportedOrBlankContentType_FailsUnlessFallback()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n", "application/json");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address) + ScrapeHarness.Job("k", target.Address, extra: "    fallback_scrape_protocol: PrometheusText0.0.4\n").Replace("static_configs: [{targets: ['" + target.Address + "']}]", "metrics_path: /other\n    static_configs: [{targets: ['" + target.Address + "']}]", StringComparison.Ordinal));
        await h.WaitForError("j", "received unsupported Content-Type \"application/json\" and no fallback_scrape_protocol specified for target");
        await h.WaitForUp("k");
        Assert.DoesNotContain(h.Samples("up", Job("j")), s => s.V == 1);

        target.Serve(async ctx => await ctx.Response.Body.WriteAsync("a 1\n"u8.ToArray()));
        await DbAssert.WaitUntil(() => h.Manager.ActiveTargets().Single(t => t.ScrapePool == "j").LastError.Contains("blank Content-Type", StringComparison.Ordinal), what: "blank content type error");
    }

    [Fact]
    public async Task Timeout_FailsScrape()
    {
        await using var target = await FakeTarget.StartAsync();
        target.Serve(async ctx =>
        {
            await Task.Delay(1000, ctx.RequestAborted).ContinueWith(_ => { });
            ctx.Response.ContentType = "text/plain";
        });
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address, "300ms").Replace("scrape_timeout: 300ms", "scrape_timeout: 100ms", StringComparison.Ordinal));
        await DbAssert.WaitUntil(() => h.Manager.ActiveTargets().Single().LastError.Contains("context deadline exceeded", StringComparison.Ordinal), what: "timeout error");
        Assert.Equal(0, h.Samples("up", Job("j"))[0].V);
        Assert.Equal("0.1", target.LastHeaders!["X-Prometheus-Scrape-Timeout-Seconds"]);
    }

    [Fact]
    public async Task ParserFailure_FailsScrapeOnly_LoopKeepsRunning()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        var calls = 0;
        var parser = new Tsdb.Scrape.Loop.ScrapeParser(
            Tsdb.Scrape.Parsing.ExpositionReader.FormatFromContentType,
            (r, f, handler, limit, ct) => Interlocked.Increment(ref calls) % 2 == 1
                ? throw new InvalidOperationException("boom")
                : Tsdb.Scrape.Loop.ScrapeParser.Default.Parse(r, f, handler, limit, ct));
        await using var h = new ScrapeHarness(parser);
        await h.Apply(ScrapeHarness.Job("j", target.Address, "300ms"));
        await DbAssert.WaitUntil(() => h.Samples("up", Job("j")) is var u && u.Any(s => s.V == 0) && u.Any(s => s.V == 1), what: "a failed and a good scrape");
        var up = h.Samples("up", Job("j"));
        Assert.Contains(up, s => s.V == 0);
        Assert.Contains(up, s => s.V == 1);
    }

    [Fact]
    public async Task MalformedBody_FailsScrapeWithParserMessage()
    {
        await using var target = await FakeTarget.StartAsync("a 1\nb{x=\"1\" 2\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address));
        await DbAssert.WaitUntil(() => h.Manager.ActiveTargets().Single().LastError.Contains("while parsing", StringComparison.Ordinal), what: "parse error");
        Assert.Empty(h.Samples("a"));
    }

    [Fact]
    public async Task BodySizeLimit_FailsScrape()
    {
        await using var target = await FakeTarget.StartAsync(string.Concat(Enumerable.Range(0, 200).Select(i => $"m{i} 1\n")));
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address, extra: "    body_size_limit: 100B\n"));
        await h.WaitForError("j", "body size limit exceeded");
        Assert.Empty(h.Samples("m0"));
    }

    [Fact]
    public async Task GzipBody_IsDecoded()
    {
        await using var target = await FakeTarget.StartAsync();
        target.Serve(async ctx =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4";
            ctx.Response.Headers.ContentEncoding = "gzip";
            using var ms = new MemoryStream();
            await using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                await gz.WriteAsync(Encoding.UTF8.GetBytes("zipped 42\n"));
            }

            await ctx.Response.Body.WriteAsync(ms.ToArray());
        });
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address));
        await h.WaitForUp("j");
        Assert.Equal(42, h.Samples("zipped")[0].V);
    }

    [Fact]
    public async Task SampleLimit_FailsWholeScrape()
    {
        await using var target = await FakeTarget.StartAsync("a 1\nb 2\nc 3\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address, extra: "    sample_limit: 2\n"));
        await h.WaitForError("j", "sample limit exceeded");
        await h.WaitForScrapes("j", 2);
        Assert.Empty(h.Samples("a"));
        Assert.Empty(h.Samples("c"));
        Assert.All(h.Samples("up", Job("j")), s => Assert.Equal(0, s.V));
        Assert.Equal(3, h.Samples("scrape_samples_scraped", Job("j")).Max(s => s.V));
    }

    [Fact]
    public async Task LabelLimits_FailWholeScrape()
    {
        await using var target = await FakeTarget.StartAsync("a{x=\"1\",y=\"2\"} 1\nb 1\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address, extra: "    label_limit: 3\n") + ScrapeHarness.Job("k", target.Address, extra: "    label_value_length_limit: 1\n    metrics_path: /k\n"));
        await h.WaitForError("j", "label_limit exceeded (metric: a, number of labels: 5, limit: 3)");
        await h.WaitForError("k", "label_value_length_limit exceeded");
        Assert.Empty(h.Samples("b"));
    }

    [Fact]
    public async Task HonorLabels_FalseRenamesConflicts_TrueKeepsExposed()
    {
        await using var target = await FakeTarget.StartAsync("a{job=\"other\",exported_job=\"x\"} 1\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address) + ScrapeHarness.Job("k", target.Address, extra: "    honor_labels: true\n    metrics_path: /k\n"));
        await h.WaitForUp("j");
        await h.WaitForUp("k");
        var series = DbAssert.Series(h.Db, Matcher.Equal("__name__", "a")).Select(s => s.Labels).ToList();
        Assert.Contains(series, l => l.Get("job") == "j" && l.Get("exported_job") == "x" && l.Get("exported_exported_job") == "other");
        Assert.Contains(series, l => l.Get("job") == "other" && l.Get("exported_job") == "x" && l.Get("instance") == target.Address);
    }

    [Fact]
    public async Task HonorTimestamps_And_ExplicitTimestampsAreExemptFromStaleness()
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;
        await using var target = await FakeTarget.StartAsync($"withts 1 {ts}\nplain 1\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address) + ScrapeHarness.Job("k", target.Address, extra: "    honor_timestamps: false\n    metrics_path: /k\n"));
        await DbAssert.WaitUntil(() => h.Samples("plain", Job("j")).Count >= 2 && h.Samples("plain", Job("k")).Count >= 2, what: "two scrapes each");
        Assert.Equal(ts, h.Samples("withts", Job("j"))[0].T);
        Assert.NotEqual(ts, h.Samples("withts", Job("k"))[0].T);

        target.ServeText("other 1\n");
        await DbAssert.WaitUntil(() => StaleNaN.Is(h.Samples("plain", Job("j"))[^1].V), what: "plain stale");
        // With honor_timestamps: false the sample is tracked like any other.
        await DbAssert.WaitUntil(() => StaleNaN.Is(h.Samples("withts", Job("k"))[^1].V), what: "withts stale for k");
        var n = h.Samples("up", Job("j")).Count;
        await h.WaitForScrapes("j", n + 1);
        Assert.DoesNotContain(h.Samples("withts", Job("j")), s => StaleNaN.Is(s.V));
    }

    [Fact]
    public async Task MetricRelabeling_DropsAndRewrites_ReportSeriesUntouched()
    {
        await using var target = await FakeTarget.StartAsync("go_x 1\nkeep_me{a=\"1\"} 2\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address, extra: "    metric_relabel_configs:\n      - {source_labels: [__name__], regex: 'go_.*', action: drop}\n      - {source_labels: [a], target_label: b}\n      - {regex: 'up|job', action: labeldrop}\n"));
        await h.WaitForUp("j");
        Assert.Empty(h.Samples("go_x"));
        var k = DbAssert.Series(h.Db, Matcher.Equal("__name__", "keep_me")).Single().Labels;
        Assert.Equal("1", k.Get("b"));
        Assert.Equal("", k.Get("job"));
        Assert.Equal(2, h.Samples("scrape_samples_scraped", Job("j")).Max(s => s.V));
        Assert.Equal(1, h.Samples("scrape_samples_post_metric_relabeling", Job("j")).Max(s => s.V));
    }

    [Theory]
    [InlineData(10_000, 10_000, 15_000, 10_000)]
    [InlineData(10_002, 10_000, 15_000, 10_000)]
    [InlineData(10_003, 10_000, 15_000, 10_003)]
    [InlineData(10_001, 10_000, 50, 10_001)]
    [InlineData(10_001, 10_000, 1000, 10_000)]
    [InlineData(10_011, 10_000, 1000, 10_011)]
    [InlineData(9_999, 10_000, 15_000, 9_999)]
    public void SnapTimestamp_WithinToleranceOfTick(long start, long tick, long interval, long expected) =>
        Assert.Equal(expected, Tsdb.Scrape.Loop.ScrapeLoop.SnapTimestamp(start, tick, interval));

    [Fact]
    public async Task Scrapes_KeepTheirPhaseInTheInterval()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address, "200ms"));
        await h.WaitForScrapes("j", 6);
        var up = h.Samples("up", Job("j"));
        // Every scrape starts at (or, on a loaded machine, somewhat after) its tick: same phase mod interval.
        var phase = up.Select(s => s.T % 200).ToList();
        Assert.True(phase.Count(p => Math.Abs(p - phase.Min()) <= 20) >= phase.Count / 2, string.Join(",", phase));
    }
}
