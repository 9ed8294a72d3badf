using System.Text;
using Tsdb.Scrape.Loop;
using Tsdb.Scrape.Parsing;
using Tsdb.Scrape.Tests.Support;
using Tsdb.Storage;
using Tsdb.Tests.Shared;

namespace Tsdb.Scrape.Tests.Loop;

public class SteadyStateAllocationTests
{
    /// <summary>One scrape's append path (cache hits, staleness pass, report series, commit) into a real Db.</summary>
    internal sealed class AppendPath : IDisposable
    {
        private readonly TempDir _dir = new();
        private readonly Db _db;
        private readonly HeadAppender _app;
        private readonly SampleSink _sink;
        private readonly ReportSeries _report;
        private readonly byte[] _body;
        private long _ts = 1_700_000_000_000;

        public AppendPath(int samples)
        {
            _db = Db.Open(_dir.Path, new DbOptions { BackgroundCompaction = false });
            _app = _db.Appender();
            var target = Labels.FromStrings("job", "node", "instance", "host:9100");
            _sink = new SampleSink(new ScrapeSettings(target, false, true, false, [], 0, 0, 0, 0), new MetadataStore());
            _report = new ReportSeries(target);
            var sb = new StringBuilder();
            for (var i = 0; i < samples; i++)
            {
                if (i % 10 == 0)
                {
                    sb.Append("# HELP metric_").Append(i / 10).Append(" Help text.\n# TYPE metric_").Append(i / 10).Append(" gauge\n");
                }

                sb.Append("metric_").Append(i / 10).Append("{cpu=\"").Append(i % 10).Append("\",mode=\"idle\"} ").Append(i * 1.5).Append('\n');
            }

            _body = Encoding.UTF8.GetBytes(sb.ToString());
        }

        public int CacheCount => _sink.CacheCount;

        public void Scrape()
        {
            _ts += 15_000;
            _sink.Begin(_app, _ts);
            ExpositionReader.Parse(_body, ExpositionFormat.PrometheusText, _sink);
            _sink.FinishSuccess(_app, _ts);
            _report.Append(_app, _ts, 1, 0.01, _sink.Scraped, _sink.PostRelabel, _sink.SeriesAdded);
            var result = _app.Commit();
            if (result.Rejected != 0)
            {
                throw new InvalidOperationException(result.Describe());
            }
        }

        public void Dispose()
        {
            _db.Dispose();
            _dir.Dispose();
        }
    }

    [Fact]
    public void SteadyStateScrape_AllocatesLittle_IndependentOfSampleCount()
    {
        using var small = new AppendPath(100);
        using var large = new AppendPath(5000);
        var a = AllocationProbe.LeastAllocated(small.Scrape);
        var b = AllocationProbe.LeastAllocated(large.Scrape);
        Assert.Equal(5000, large.CacheCount);
        Assert.True(a < 4096, $"100 samples: {a} bytes per scrape");
        Assert.True(b < 4096, $"5000 samples: {b} bytes per scrape");
        Assert.True(Math.Abs(b - a) < 1024, $"allocation grows with samples: {a} vs {b}");
    }
}
