using System.Collections.Concurrent;
using System.Globalization;
using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Regression;

public class StressTests
{
    [Fact]
    public void ChurnAppendTruncateQuery_NoCrash_NoLoss_NoTornReads()
    {
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 100 });
        var acked = new ConcurrentBag<(string Name, long T)>();
        var errors = new ConcurrentQueue<Exception>();
        var stop = DateTime.UtcNow.AddSeconds(4);
        long clock = 0;
        long truncatedTo = long.MinValue;
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            try
            {
                var app = head.Appender();
                var rnd = new Random(w);
                while (DateTime.UtcNow < stop)
                {
                    var t = Interlocked.Increment(ref clock);
                    var names = new HashSet<string>();
                    for (var i = 0; i < 20; i++)
                    {
                        // Few stable series plus churn: names recycled so GC'd series come back.
                        var name = "s" + rnd.Next(0, 200).ToString(CultureInfo.InvariantCulture);
                        names.Add(name + "/" + w.ToString(CultureInfo.InvariantCulture));
                        app.Append(0, Labels.FromStrings("__name__", name, "w", w.ToString(CultureInfo.InvariantCulture)), t, t);
                    }

                    var r = app.Commit();
                    if (r.Rejected != r.OutOfBounds)
                    {
                        throw new InvalidOperationException("unexpected rejection: " + r.Describe());
                    }

                    foreach (var n in names)
                    {
                        acked.Add((n, t));
                    }
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToList();
        var truncator = new Thread(() =>
        {
            try
            {
                while (DateTime.UtcNow < stop)
                {
                    Thread.Sleep(5);
                    var to = Interlocked.Read(ref clock) - 50;
                    head.Truncate(to);
                    Volatile.Write(ref truncatedTo, to);
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        });
        var reader = new Thread(() =>
        {
            try
            {
                while (DateTime.UtcNow < stop)
                {
                    var q = new Querier([head], long.MinValue, long.MaxValue);
                    foreach (var s in q.Select(Matcher.Regex("__name__", ".+")))
                    {
                        var it = s.Iterator();
                        long prev = long.MinValue;
                        while (it.Next() == SampleKind.Float)
                        {
                            var smp = it.At();
                            if (smp.T <= prev || smp.V != smp.T) throw new InvalidOperationException($"torn read {s.Labels} {smp}");
                            prev = smp.T;
                        }
                        if (it.Error is { } e) throw e;
                    }
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        });
        writers.ForEach(t => t.Start());
        truncator.Start();
        reader.Start();
        writers.ForEach(t => t.Join());
        truncator.Join();
        reader.Join();
        Assert.Empty(errors);
        Assert.True(head.SeriesRemoved > 0);

        // Everything at or after the last truncation point is still there.
        var last = Volatile.Read(ref truncatedTo);
        var query = new Querier([head], last, long.MaxValue);
        var got = StoreAssert.Read(query, [Matcher.Regex("__name__", ".+")]).Sum(s => s.Samples.Count);
        Assert.Equal(acked.Count(a => a.T >= last), got);
    }
}
