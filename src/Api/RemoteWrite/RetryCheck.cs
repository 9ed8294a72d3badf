using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// The head accepts a repeat of a series' newest sample silently but rejects a repeat of an older
/// one as out of order, so an exact retry of a request with several samples per series would be
/// refused. When a commit rejected samples, this pass (run only then) counts the request's samples
/// that storage does not hold bit-exactly; zero means the request was a harmless retry.
/// </summary>
internal static class RetryCheck
{
    public static int MissingSamples<TSeries>(Db db, IReadOnlyList<(Labels Labels, TSeries Series)> written, Func<TSeries, IEnumerable<(long T, double V)>> samplesOf)
    {
        var mint = long.MaxValue;
        var maxt = long.MinValue;
        foreach (var (_, ts) in written)
        {
            foreach (var s in samplesOf(ts))
            {
                mint = Math.Min(mint, s.T);
                maxt = Math.Max(maxt, s.T);
            }
        }

        if (mint > maxt)
        {
            return 0;
        }

        var missing = 0;
        var stored = new Dictionary<long, ulong>();
        using var q = db.Querier(mint, maxt);
        foreach (var (labels, ts) in written)
        {
            stored.Clear();
            var matchers = new Matcher[labels.Count];
            for (var i = 0; i < labels.Count; i++)
            {
                matchers[i] = Matcher.Equal(labels[i].Name, labels[i].Value);
            }

            foreach (var series in q.Select(matchers))
            {
                if (!series.Labels.Equals(labels))
                {
                    continue;
                }

                var it = series.Iterator();
                while (it.Next() != SampleKind.None)
                {
                    var smp = it.At();
                    stored[smp.T] = BitConverter.DoubleToUInt64Bits(smp.V);
                }
            }

            foreach (var s in samplesOf(ts))
            {
                if (!stored.TryGetValue(s.T, out var bits) || bits != BitConverter.DoubleToUInt64Bits(s.V))
                {
                    missing++;
                }
            }
        }

        return missing;
    }
}
