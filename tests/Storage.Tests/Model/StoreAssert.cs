namespace Tsdb.Storage.Tests.Model;

internal static class StoreAssert
{
    public static List<(Labels Labels, List<Sample> Samples)> Read(Querier q, IReadOnlyList<Matcher> matchers)
    {
        var result = new List<(Labels, List<Sample>)>();
        ISampleIterator? it = null;
        foreach (var s in q.Select(matchers))
        {
            it = s.Iterator(it);
            var samples = new List<Sample>();
            while (it.Next() == SampleKind.Float)
            {
                samples.Add(it.At());
            }

            Assert.Null(it.Error);
            if (samples.Count > 0)
            {
                result.Add((s.Labels, samples));
            }
        }

        return result;
    }

    /// <summary>Compares label sets, timestamps and value bit patterns; returns a reason or null.</summary>
    public static string? Diff(List<(Labels Labels, List<Sample> Samples)> expected, List<(Labels Labels, List<Sample> Samples)> actual)
    {
        if (expected.Count != actual.Count)
        {
            return $"series count: expected {expected.Count}, got {actual.Count} ({string.Join(" ", actual.Select(a => a.Labels))})";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (!expected[i].Labels.Equals(actual[i].Labels))
            {
                return $"series {i}: expected {expected[i].Labels}, got {actual[i].Labels}";
            }

            var e = expected[i].Samples;
            var a = actual[i].Samples;
            if (e.Count != a.Count)
            {
                return $"{expected[i].Labels}: expected {e.Count} samples, got {a.Count}";
            }

            for (var j = 0; j < e.Count; j++)
            {
                if (e[j].T != a[j].T || BitConverter.DoubleToInt64Bits(e[j].V) != BitConverter.DoubleToInt64Bits(a[j].V))
                {
                    return $"{expected[i].Labels} sample {j}: expected {e[j]}, got {a[j]}";
                }
            }
        }

        return null;
    }
}
