namespace Tsdb.PromQL.Tests.Engine;

public sealed class LimitTests
{
    [Fact]
    public void Too_many_samples_is_an_execution_error()
    {
        using var f = new EngineFixture(EngineOptions.Default with { MaxSamples = 5 }).Load("x", 10, 1, 2, 3, 4, 5, 6, 7, 8);
        var e = Assert.Throws<PromQLException>(() => f.Range("x", 0, 70, 10));
        Assert.Equal(PromQLErrorType.Execution, e.Type);
        Assert.Equal("query processing would load too many samples into memory in query execution", e.Message);
        Assert.IsType<VectorValue>(f.Instant("x", 70).Value);
    }

    [Fact]
    public void Too_many_points_per_series_is_bad_data()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        var e = Assert.Throws<PromQLException>(() => f.Range("x", 0, 11_000, 1));
        Assert.Equal(PromQLErrorType.BadData, e.Type);
        Assert.Equal("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)", e.Message);
        Assert.IsType<MatrixValue>(f.Range("x", 0, 10_999, 1).Value);
    }

    [Fact]
    public void Cancellation_and_timeout()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Equal(PromQLErrorType.Canceled, Assert.Throws<PromQLException>(() => f.Instant("x", 0, cts.Token)).Type);
        using var g = new EngineFixture(EngineOptions.Default with { Timeout = TimeSpan.FromTicks(1) }).At("x", 0, 1);
        Thread.Sleep(5);
        var e = Assert.Throws<PromQLException>(() => g.Instant("sum(x) + sum(x)", 0));
        Assert.Equal(PromQLErrorType.Timeout, e.Type);
    }

    [Fact]
    public void Range_query_rejects_range_vectors_and_bad_steps()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        Assert.Equal(PromQLErrorType.BadData, Assert.Throws<PromQLException>(() => f.Range("x[1m]", 0, 60, 10)).Type);
        Assert.Equal(PromQLErrorType.BadData, Assert.Throws<PromQLException>(() => f.Range("x", 0, 60, 0)).Type);
        Assert.Equal(PromQLErrorType.BadData, Assert.Throws<PromQLException>(() => f.Instant("x +", 0)).Type);
    }
}
