using System.Collections.Concurrent;

namespace Tsdb.Storage;

/// <summary>
/// Interns label names and values so that millions of series share one string per distinct
/// name/value (most series repeat `job`, `instance`, `__name__` values).
/// </summary>
public sealed class StringInterner
{
    private ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => Volatile.Read(ref _strings).Count;

    public string Intern(string s) => s.Length == 0 ? "" : Volatile.Read(ref _strings).GetOrAdd(s, s);

    /// <summary>
    /// Forgets every string not used by <paramref name="live"/>, so label churn (pod names, ...) does not
    /// grow memory forever. A string interned concurrently may miss the new table; it is then merely
    /// not shared.
    /// </summary>
    public void Retain(IEnumerable<Labels> live)
    {
        var next = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var labels in live)
        {
            foreach (var l in labels)
            {
                next.TryAdd(l.Name, l.Name);
                next.TryAdd(l.Value, l.Value);
            }
        }

        Volatile.Write(ref _strings, next);
    }

    public Labels Intern(Labels labels)
    {
        var arr = new Label[labels.Count];
        for (var i = 0; i < arr.Length; i++)
        {
            var l = labels[i];
            arr[i] = new Label(Intern(l.Name), Intern(l.Value));
        }

        return labels.WithStrings(arr);
    }
}
