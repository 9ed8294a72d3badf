using Tsdb.PromQL.PromqlTest;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.PromqlTest;

public sealed class LoadingTests
{
    private static List<(Labels Labels, List<(long T, ulong Bits)> Samples)> Dump(PromqlTestStorage storage)
    {
        using var q = storage.Querier(long.MinValue, long.MaxValue);
        var result = new List<(Labels, List<(long, ulong)>)>();
        foreach (var s in q.Select(Matcher.Regex(Label.MetricName, ".*")))
        {
            var samples = new List<(long, ulong)>();
            var it = s.Iterator();
            while (it.Next() == SampleKind.Float)
            {
                var sample = it.At();
                samples.Add((sample.T, BitConverter.DoubleToUInt64Bits(sample.V)));
            }

            result.Add((s.Labels, samples));
        }

        return result;
    }

    private static ulong Bits(double v) => BitConverter.DoubleToUInt64Bits(v);

    private static LoadCommand Load(string text)
        => Assert.IsType<LoadCommand>(Assert.Single(PromqlTestScriptParser.Parse(text).Commands));

    [Fact]
    public void A_load_block_puts_exactly_its_samples_in_the_head()
    {
        using var storage = new PromqlTestStorage();
        var error = storage.Load(Load(
            """
            load 1m
              foo{a="1"} 1 _ stale 3+1.5x1 _x2 NaN -Inf
              bar 0x2 {{schema:0 sum:1 count:1}} 7
            """));
        Assert.Null(error);

        var dump = Dump(storage);
        Assert.Equal(2, dump.Count);

        Assert.Equal(Labels.FromStrings("__name__", "bar"), dump[0].Labels);
        Assert.Equal([(0L, Bits(0)), (60_000L, Bits(0)), (120_000L, Bits(0)), (240_000L, Bits(7))], dump[0].Samples);

        Assert.Equal(Labels.FromStrings("__name__", "foo", "a", "1"), dump[1].Labels);
        Assert.Equal(
            [(0L, Bits(1)), (120_000L, StaleNaN.Bits), (180_000L, Bits(3)), (240_000L, Bits(4.5)), (420_000L, Bits(double.NaN)), (480_000L, Bits(double.NegativeInfinity))],
            dump[1].Samples);

        // The histogram point is not stored, but the series is known to carry histograms.
        Assert.Equal([Labels.FromStrings("__name__", "bar")], storage.HistogramSeries);
    }

    [Fact]
    public void Loads_add_up_and_clear_starts_over()
    {
        using var storage = new PromqlTestStorage();
        Assert.Null(storage.Load(Load("load 5m\n foo 1 2")));
        Assert.Null(storage.Load(Load("load 1m\n bar 9\n h {{count:1}}")));
        Assert.Equal(2, Dump(storage).Count);
        Assert.Single(storage.HistogramSeries);

        storage.Clear();
        Assert.Empty(Dump(storage));
        Assert.Empty(storage.HistogramSeries);
        Assert.Null(storage.Load(Load("load 5m\n foo 3")));
        var foo = Assert.Single(Dump(storage));
        Assert.Equal([(0L, Bits(3))], foo.Samples);
    }

    [Fact]
    public void Rejected_samples_are_reported()
    {
        using var storage = new PromqlTestStorage();
        Assert.Null(storage.Load(Load("load 1m\n foo 1 2 3")));
        var error = storage.Load(Load("load 1m\n foo 5"));
        Assert.NotNull(error);
        Assert.Contains("rejected", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_with_nhcb_records_the_converted_histogram_series()
    {
        using var storage = new PromqlTestStorage();
        Assert.Null(storage.Load(Load(
            """
            load_with_nhcb 1m
              req_bucket{le="0.1", job="a"} 1 2
              req_bucket{le="+Inf", job="a"} 3 4
              req_bucket{le="NaN", job="b"} 3 4
              req_count{job="a"} 3 4
              req_sum{job="a"} 1 2
              other{job="a"} 1 2
            """)));

        // All float series are stored as they are ...
        Assert.Equal(6, Dump(storage).Count);

        // ... and the native histogram series req{job="a"} is recorded (le="NaN" contributes nothing).
        Assert.Equal([Labels.FromStrings("__name__", "req", "job", "a")], storage.HistogramSeries);
    }

    [Fact]
    public void Every_conformance_script_loads_without_rejected_samples()
    {
        var engine = new FakeQueryEngine();
        foreach (var path in ConformanceFiles.Paths)
        {
            var results = new PromqlTestRunner(engine).RunFile(path);
            Assert.DoesNotContain(results, r => r.Reason?.StartsWith("load failed", StringComparison.Ordinal) == true);
            Assert.DoesNotContain(results, r => r.Reason?.StartsWith("parse error", StringComparison.Ordinal) == true);
        }
    }
}
