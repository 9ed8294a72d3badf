namespace Tsdb.Alerting.Notify;

/// <summary>types.AlertSlice order: by job, then instance (alerts having them first), then by label set.</summary>
internal sealed class AlertOrder : IComparer<StoredAlert>
{
    public static readonly AlertOrder Instance = new();

    private static readonly string[] OverrideKeys = ["job", "instance"];

    public int Compare(StoredAlert? x, StoredAlert? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        foreach (var key in OverrideKeys)
        {
            var xHas = x.Labels.Has(key);
            var yHas = y.Labels.Has(key);
            if (!xHas && !yHas)
            {
                continue;
            }

            if (!xHas)
            {
                return 1;
            }

            if (!yHas)
            {
                return -1;
            }

            var c = string.CompareOrdinal(x.Labels.Get(key), y.Labels.Get(key));
            if (c != 0)
            {
                return c;
            }
        }

        return x.Labels.CompareTo(y.Labels);
    }
}
