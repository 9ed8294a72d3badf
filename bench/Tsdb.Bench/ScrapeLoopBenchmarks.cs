using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Tsdb.Scrape.Loop;
using Tsdb.Scrape.Parsing;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// One steady-state scrape of a 10k-sample target through the scrape loop's append path: cache
/// lookups by raw series key (all hits), appends by cached ref, the staleness pass, the report
/// series and the commit into a Db in a temp dir (WAL included). The first benchmark feeds pre-split
/// samples (the loop's own cost); the second parses the 10k-line text body too. Divide by 10,000 for ns/sample.
/// </summary>
[MemoryDiagnoser]
public class ScrapeLoopBenchmarks
{
    private const int Samples = 10_000;

    private string _dir = "";
    private Db _db = null!;
    private HeadAppender _app = null!;
    private SampleSink _sink = null!;
    private ReportSeries _report = null!;
    private byte[] _keys = [];
    private byte[] _body = [];
    private (int Start, int Length, double Value)[] _lines = [];
    private long _ts = 1_700_000_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "tsdb-bench-scrape-" + Guid.NewGuid().ToString("N"));
        _db = Db.Open(_dir, new DbOptions { BackgroundCompaction = false });
        _app = _db.Appender();
        var target = Labels.FromStrings("job", "node", "instance", "host-1:9100");
        _sink = new SampleSink(new ScrapeSettings(target, false, true, false, [], 0, 0, 0, 0), new MetadataStore());
        _report = new ReportSeries(target);

        // node_exporter-like series keys: 1,000 families of 10 series with two labels each.
        var keys = new MemoryStream();
        _lines = new (int, int, double)[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var key = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"node_metric_{i / 10}{{cpu=\"{i % 10}\",mode=\"idle\"}}"));
            _lines[i] = ((int)keys.Position, key.Length, i * 0.5);
            keys.Write(key);
        }

        _keys = keys.ToArray();
        var body = new StringBuilder();
        for (var i = 0; i < Samples; i++)
        {
            if (i % 10 == 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"# HELP node_metric_{i / 10} Some help text.\n# TYPE node_metric_{i / 10} gauge\n");
            }

            body.Append(Encoding.UTF8.GetString(_keys, _lines[i].Start, _lines[i].Length)).Append(' ').Append((i * 0.5).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        _body = Encoding.UTF8.GetBytes(body.ToString());
        Scrape();
        ScrapeWithParser();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One whole scrape of 10,000 samples.</summary>
    [Benchmark]
    public void SteadyStateScrape10k() => Scrape();

    /// <summary>The same scrape with the 10k-line text body going through the exposition parser first.</summary>
    [Benchmark]
    public void SteadyStateScrape10kWithParser() => ScrapeWithParser();

    private void ScrapeWithParser()
    {
        _ts += 15_000;
        _sink.Begin(_app, _ts);
        ExpositionReader.Parse(_body, ExpositionFormat.PrometheusText, _sink);
        _sink.FinishSuccess(_app, _ts);
        _report.Append(_app, _ts, 1, 0.01, _sink.Scraped, _sink.PostRelabel, _sink.SeriesAdded);
        _app.Commit();
    }

    private void Scrape()
    {
        _ts += 15_000;
        _sink.Begin(_app, _ts);
        var keys = _keys.AsSpan();
        foreach (var (start, length, value) in _lines)
        {
            _sink.OnSample(new ExpositionSample(keys.Slice(start, length), value + _ts, false, 0, ExpositionFormat.PrometheusText));
        }

        _sink.FinishSuccess(_app, _ts);
        _report.Append(_app, _ts, 1, 0.01, _sink.Scraped, _sink.PostRelabel, _sink.SeriesAdded);
        _app.Commit();
    }
}
