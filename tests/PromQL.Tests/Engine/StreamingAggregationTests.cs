using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Engine;

/// <summary>
/// A simple aggregation directly over a selector or range function takes its input one series at a time, so
/// its memory is the group x step grid, not the input. (That the values and orders agree with the per-step
/// path is in <see cref="SeriesMajorTests"/>.)
/// </summary>
public sealed class StreamingAggregationTests
{
    private const int Series = 2000;

    private static EngineFixture ManySeries(EngineOptions? options = null, int series = Series)
    {
        var f = new EngineFixture(options);
        for (var s = 0; s < series; s++)
        {
            f.Load($"x{{k=\"{s}\",g=\"{s % 10}\"}}", 15, [.. Enumerable.Range(0, 41).Select(i => (double)(s + i))]);
        }

        return f;
    }

    [Fact]
    public void The_input_of_a_streamed_aggregation_is_not_allocated()
    {
        using var f = ManySeries();
        // 2,000 series at 121 steps rather than 3 would add about 2.8 MB of points (12 bytes each) if the input were
        // materialised; streamed, only the grid (10 groups x 121 cells) and the output grow with the steps.
        long Allocated(string query, long step) =>
            Tsdb.Tests.Shared.AllocationProbe.LeastAllocated(() => f.Range(query, 0, 600, step), warmups: 3, rounds: 3);
        var streamed = Allocated("count by (g) (x)", 5) - Allocated("count by (g) (x)", 300);
        var materialised = Allocated("count by (g) (x * 1)", 5) - Allocated("count by (g) (x * 1)", 300);
        Assert.True(streamed < 250_000, $"streamed: {streamed} bytes more for 118 more steps");
        Assert.True(materialised > 2_800_000, $"materialised: {materialised} bytes more for 118 more steps");
        Assert.True(Allocated("count by (g) (rate(x[1m]))", 5) - Allocated("count by (g) (rate(x[1m]))", 300) < 250_000);
    }

    [Fact]
    public void A_streamed_aggregation_counts_only_its_output_against_the_sample_limit()
    {
        // The selector alone holds 2,000 x 41 samples; the sum holds 41.
        using var f = ManySeries(EngineOptions.Default with { MaxSamples = 10_000 });
        var sum = Assert.IsType<MatrixValue>(f.Range("sum(x)", 0, 600, 15).Value);
        var point = Assert.Single(sum.Series).Points[40];
        Assert.Equal(((Series - 1) * Series / 2) + (40.0 * Series), point.V);
        Assert.IsType<MatrixValue>(f.Range("sum by (g) (rate(x[1m]))", 0, 600, 15).Value);
        // A materialised input is still accounted in full.
        var e = Assert.Throws<PromQLException>(() => f.Range("sum(x * 1)", 0, 600, 15));
        Assert.Contains("too many samples", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_sparse_groups_fall_back_to_the_per_step_path_with_the_same_answer()
    {
        // 300 groups x 4,001 steps is over a million cells for 300 points: the grid gives up, the per-step path answers.
        using var f = new EngineFixture();
        for (var s = 0; s < 300; s++)
        {
            f.At($"y{{k=\"{s}\"}}", s * 13, s);
        }

        var streamed = Assert.IsType<MatrixValue>(f.Range("sum by (k) (y)", 0, 4000, 1).Value);
        var perStep = Assert.IsType<MatrixValue>(f.Range("sum by (k) (-(-y))", 0, 4000, 1).Value);
        Assert.Equal(300, streamed.Series.Count);
        Assert.Equal(perStep.Series.Select(s => (s.Metric.ToString(), s.Points.Count, s.Points[0].V)),
            streamed.Series.Select(s => (s.Metric.ToString(), s.Points.Count, s.Points[0].V)));
    }

    [Fact]
    public void The_grid_refuses_a_group_that_would_make_it_too_sparse_and_keeps_what_it_has()
    {
        var sum = (AggregateExpr)PromQLParser.ParseExpr("sum by (k) (y)");
        var grid = new AggregationGrid(sum, 100_000);
        grid.Take(Labels.FromStrings("k", "a"), false, [0, 99_999], [1, 2]);
        // Ten groups of 100,000 steps are a million cells: still within the fixed allowance.
        for (var g = 1; g < 10; g++)
        {
            grid.Take(Labels.FromStrings("k", "b" + g), false, [g * 3], [g]);
        }

        Assert.Throws<AggregationGridFullException>(() => grid.Take(Labels.FromStrings("k", "c"), false, [7], [3]));
        // An existing group still takes points.
        grid.Take(Labels.FromStrings("k", "a", "z", "1"), false, [0], [10]);
        var result = grid.Result();
        Assert.Equal(2, result[0].Count + result[99_999].Count);
        Assert.Equal(11, result[0][0].V);
        Assert.Equal("{k=\"b1\"}", Assert.Single(result[3]).Metric.ToString());
        Assert.Empty(result[7]);
    }

    [Fact]
    public void Counting_takes_series_in_storage_order_with_the_same_answer()
    {
        // Created in reverse label order, so storage order is not label order; groups interleave.
        using var f = new EngineFixture();
        for (var s = 40; s >= 0; s--)
        {
            for (var t = s * 10; t <= 1200; t += 30)
            {
                f.At($"x{{k=\"{s:D2}\",g=\"{s % 3}\"}}", t, s);
            }
        }

        foreach (var q in (string[])["count by (g) (x)", "group by (g) (x)", "count without (k) (x)", "(count(x))"])
        {
            var perStep = q.Replace("(x)", "(-(-x))", StringComparison.Ordinal);
            Assert.Equal(Points(f.Range(perStep, 0, 1200, 30)), Points(f.Range(q, 0, 1200, 30)));
            Assert.Equal(f.Ordered(perStep, 600), f.Ordered(q, 600));
        }
    }

    private static List<string> Points(QueryResult r) =>
        [.. Assert.IsType<MatrixValue>(r.Value).Series.Select(s => s.Metric + " " + string.Join(",", s.Points.Select(p => $"{p.T}:{p.V}")))];
}
