using Tsdb.Storage.Chunks;

namespace Tsdb.Bench;

/// <summary>Realistic series shapes for chunk benchmarks, 15 s scrape interval.</summary>
public enum ChunkShape
{
    /// <summary>A counter growing by random small integers (0..10 per scrape).</summary>
    Counter,

    /// <summary>A random-walk gauge with 2-3 decimal digits.</summary>
    Gauge,

    /// <summary>A constant (e.g. <c>up</c>, build info).</summary>
    Constant,

    /// <summary>A mix of series: 40% counters, 40% gauges, 20% constants.</summary>
    Mix,
}

public static class ChunkShapes
{
    public const int SamplesPerChunk = 120;
    public const long IntervalMs = 15_000;
    private const long Start = 1_700_000_000_000;

    /// <summary>One series' samples of the given shape (not <see cref="ChunkShape.Mix"/>).</summary>
    public static (long[] T, double[] V) Series(ChunkShape shape, int seed, int n = SamplesPerChunk)
    {
        var rng = new Random(seed);
        var t = new long[n];
        var v = new double[n];
        var counter = (double)rng.Next(0, 100_000);
        // Gauges: a random walk rounded to 2 or 3 decimals, e.g. a temperature or a load average.
        var decimals = rng.Next(2, 4);
        var gauge = Math.Round(rng.NextDouble() * 100, decimals);
        var constant = rng.Next(0, 2) == 0 ? 1.0 : rng.Next(1, 1000);
        for (var i = 0; i < n; i++)
        {
            t[i] = Start + i * IntervalMs;
            switch (shape)
            {
                case ChunkShape.Counter:
                    counter += rng.Next(0, 11);
                    v[i] = counter;
                    break;
                case ChunkShape.Gauge:
                    gauge = Math.Round(gauge + (rng.NextDouble() - 0.5) * 2, decimals);
                    v[i] = gauge;
                    break;
                case ChunkShape.Constant:
                    v[i] = constant;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(shape));
            }
        }

        return (t, v);
    }

    /// <summary>The series shapes of a benchmark case: one for pure shapes, ten (4/4/2) for the mix.</summary>
    public static ChunkShape[] SeriesShapes(ChunkShape shape) => shape == ChunkShape.Mix
        ?
        [
            ChunkShape.Counter, ChunkShape.Counter, ChunkShape.Counter, ChunkShape.Counter,
            ChunkShape.Gauge, ChunkShape.Gauge, ChunkShape.Gauge, ChunkShape.Gauge,
            ChunkShape.Constant, ChunkShape.Constant,
        ]
        : [shape];

    public static XorChunk Encode(long[] t, double[] v)
    {
        var c = new XorChunk();
        var a = c.Appender();
        for (var i = 0; i < t.Length; i++)
        {
            a.Append(t[i], v[i]);
        }

        return c;
    }

    /// <summary>
    /// Average encoded bytes per sample (2-byte header included) over <paramref name="seriesPerShape"/>
    /// random series of each shape in the case.
    /// </summary>
    public static double BytesPerSample(ChunkShape shape, int seriesPerShape = 100)
    {
        long bytes = 0;
        long samples = 0;
        var shapes = SeriesShapes(shape);
        for (var s = 0; s < seriesPerShape; s++)
        {
            for (var i = 0; i < shapes.Length; i++)
            {
                var (t, v) = Series(shapes[i], seed: s * 31 + i);
                bytes += Encode(t, v).Bytes.Length;
                samples += t.Length;
            }
        }

        return (double)bytes / samples;
    }
}
