using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Engine;

/// <summary>A head loaded by a test and helpers to query it (times in seconds unless named ms).</summary>
internal sealed class EngineFixture : IDisposable
{
    private readonly Head _head = new();

    public EngineFixture(EngineOptions? options = null) => Engine = new PromQLEngine(options ?? EngineOptions.Default);

    public PromQLEngine Engine { get; }

    /// <summary>Appends samples at 0, step, 2*step, ... seconds; NaN-stale values via <see cref="StaleNaN.Value"/>.</summary>
    public EngineFixture Load(string series, long stepSeconds, params double[] values)
    {
        var labels = Parse(series);
        var app = _head.Appender();
        for (var i = 0; i < values.Length; i++)
        {
            app.Append(0, labels, i * stepSeconds * 1000, values[i]);
        }

        app.Commit();
        return this;
    }

    public EngineFixture At(string series, long tSeconds, double v)
    {
        var app = _head.Appender();
        app.Append(0, Parse(series), tSeconds * 1000, v);
        app.Commit();
        return this;
    }

    public EngineFixture AtMs(string series, long tMs, double v)
    {
        var app = _head.Appender();
        app.Append(0, Parse(series), tMs, v);
        app.Commit();
        return this;
    }

    public QueryResult Instant(string query, long tSeconds, CancellationToken ct = default) =>
        Engine.Instant(Querier, query, tSeconds * 1000, ct);

    public QueryResult Range(string query, long startSeconds, long endSeconds, long stepSeconds, CancellationToken ct = default) =>
        Engine.Range(Querier, query, startSeconds * 1000, endSeconds * 1000, stepSeconds * 1000, ct);

    /// <summary>An instant vector as "labels => value" strings sorted by labels.</summary>
    public List<string> Vector(string query, long tSeconds)
    {
        var v = Assert.IsType<VectorValue>(Instant(query, tSeconds).Value);
        var list = new List<string>();
        foreach (var s in v.Samples)
        {
            list.Add($"{s.Metric} => {s.V.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>The samples of an instant vector in result order, as "labels => value".</summary>
    public List<string> Ordered(string query, long tSeconds)
    {
        var v = Assert.IsType<VectorValue>(Instant(query, tSeconds).Value);
        var list = new List<string>();
        foreach (var s in v.Samples)
        {
            list.Add($"{s.Metric} => {s.V.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return list;
    }

    public PromQLException Error(string query, long tSeconds) => Assert.Throws<PromQLException>(() => Instant(query, tSeconds));

    public void Dispose() => _head.Dispose();

    private Querier Querier(long mint, long maxt) => new([_head], mint, maxt);

    private static Labels Parse(string series)
    {
        // name{a="b",c="d"}
        var brace = series.IndexOf('{', StringComparison.Ordinal);
        var parts = new List<string>();
        var name = brace < 0 ? series : series[..brace];
        if (name.Length > 0)
        {
            parts.Add("__name__");
            parts.Add(name);
        }

        if (brace >= 0)
        {
            foreach (var pair in series[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                parts.Add(pair[..eq].Trim());
                parts.Add(pair[(eq + 1)..].Trim().Trim('"'));
            }
        }

        return Labels.FromStrings([.. parts]);
    }
}
