using System.Globalization;
using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Querying;

/// <summary>An unsorted select returns the same series as a sorted one, from the head alone, one block, or both.</summary>
public class SelectOrderTests
{
    [Fact]
    public void Unsorted_select_returns_the_sorted_selects_series_in_some_order()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, new DbOptions { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) });
        var app = db.Appender();
        // Created in reverse label order, so the head's order is not label order.
        for (var s = 30; s >= 0; s--)
        {
            var labels = Labels.FromStrings("__name__", "x", "k", s.ToString("D2", CultureInfo.InvariantCulture));
            for (var t = 0L; t < 25_000; t += 1000)
            {
                app.Append(0, labels, t, s);
            }
        }

        app.Commit();
        db.Compact();
        Assert.NotEmpty(db.Blocks);
        Matcher[] x = [Matcher.Equal("__name__", "x")];
        // Blocks only, head only, and both.
        foreach (var (mint, maxt) in new[] { (0L, 5_000L), (21_000L, 24_000L), (0L, 24_000L) })
        {
            using var q = db.Querier(mint, maxt);
            var sorted = q.Select(x, sorted: true).Select(s => s.Labels).ToList();
            var any = q.Select(x, sorted: false).Select(s => s.Labels).ToList();
            Assert.Equal(31, sorted.Count);
            Assert.Equal(sorted.OrderBy(l => l), sorted);
            Assert.Equal(sorted, any.OrderBy(l => l).ToList());
        }
    }
}
