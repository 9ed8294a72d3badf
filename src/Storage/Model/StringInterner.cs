using System.Collections.Concurrent;

namespace Tsdb.Storage;

/// <summary>
/// Interns label names and values so that millions of series share one string per distinct
/// name/value (most series repeat `job`, `instance`, `__name__` values).
/// </summary>
public sealed class StringInterner
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Intern(string s) => s.Length == 0 ? "" : _strings.GetOrAdd(s, s);

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
