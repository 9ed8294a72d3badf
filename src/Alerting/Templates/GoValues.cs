using System.Collections;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// The value model templates run on, and Go's rules for it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>null</c> is Go's invalid/nil value: it prints <c>&lt;no value&gt;</c>, is false, and a field of it
/// is again null (Go returns the zero value for a field of a nil map or missing interface).</item>
/// <item><c>string</c>, <c>bool</c>; integers of any .NET width are Go's integer kinds (named <c>int</c>),
/// <c>double</c>/<c>float</c>/<c>decimal</c> are <c>float64</c>. <c>eq</c>/<c>lt</c> compare within a kind and
/// reject int against float, like Go.</item>
/// <item><see cref="IReadOnlyDictionary{TKey,TValue}"/> of string→string or string→object? (and non-generic
/// <see cref="IDictionary"/>) are maps: fields are key lookups, <c>range</c> goes in sorted key order,
/// printing is <c>map[k:v ...]</c>.</item>
/// <item>Any other <see cref="IEnumerable"/> except string is a list (<c>[a b]</c>).</item>
/// <item><see cref="ITemplateObject"/> is a struct; its <see cref="TemplateMethod"/> fields are methods.</item>
/// <item><see cref="DateTime"/>/<see cref="DateTimeOffset"/> are Go's <c>time.Time</c>, <see cref="TimeSpan"/>
/// is <c>time.Duration</c>; both print the way Go prints them.</item>
/// </list>
/// </remarks>
internal static class GoValues
{
    public static bool IsInteger(object? v) =>
        v is int or long or short or sbyte or byte or ushort or uint or ulong;

    public static bool IsFloat(object? v) => v is double or float or decimal;

    public static bool IsNumber(object? v) => IsInteger(v) || IsFloat(v);

    public static long ToLong(object v) => v switch
    {
        int i => i,
        long l => l,
        short s => s,
        sbyte sb => sb,
        byte b => b,
        ushort us => us,
        uint ui => ui,
        ulong ul => unchecked((long)ul),
        double d => (long)d,
        float f => (long)f,
        decimal m => (long)m,
        _ => throw new InvalidCastException(),
    };

    public static double ToDouble(object v) => v switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        ulong ul => ul,
        _ => ToLong(v),
    };

    /// <summary>True when the value is one of the map shapes templates understand.</summary>
    public static bool IsMap(object? v) =>
        v is IReadOnlyDictionary<string, string> or IReadOnlyDictionary<string, object?> or IDictionary;

    /// <summary>Map entries sorted by key (Go sorts map keys when ranging and printing).</summary>
    public static List<KeyValuePair<string, object?>> SortedEntries(object map)
    {
        var list = new List<KeyValuePair<string, object?>>();
        switch (map)
        {
            case IReadOnlyDictionary<string, string> ss:
                foreach (var kv in ss)
                {
                    list.Add(new KeyValuePair<string, object?>(kv.Key, kv.Value));
                }

                break;
            case IReadOnlyDictionary<string, object?> so:
                foreach (var kv in so)
                {
                    list.Add(kv);
                }

                break;
            case IDictionary d:
                foreach (DictionaryEntry e in d)
                {
                    list.Add(new KeyValuePair<string, object?>(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", e.Value));
                }

                break;
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    /// <summary>
    /// Looks a key up in a map. <paramref name="found"/> is false for an absent key; the returned value is
    /// then the map's zero value ("" for string maps, null otherwise).
    /// </summary>
    public static object? MapIndex(object map, string key, out bool found)
    {
        switch (map)
        {
            case IReadOnlyDictionary<string, string> ss:
                found = ss.TryGetValue(key, out var s);
                return found ? s : "";
            case IReadOnlyDictionary<string, object?> so:
                found = so.TryGetValue(key, out var o);
                return o;
            case IDictionary d:
                found = d.Contains(key);
                return found ? d[key] : null;
            default:
                found = false;
                return null;
        }
    }

    public static int Count(object v) => v switch
    {
        string s => System.Text.Encoding.UTF8.GetByteCount(s),
        IReadOnlyDictionary<string, string> ss => ss.Count,
        IReadOnlyDictionary<string, object?> so => so.Count,
        ICollection c => c.Count,
        IEnumerable e => e.Cast<object?>().Count(),
        _ => throw new TemplateArgumentException($"len of type {TypeName(v)}"),
    };

    public static bool IsList(object? v) => v is IEnumerable and not string && !IsMap(v);

    public static List<object?> ToList(object v)
    {
        if (v is IList<object?> l)
        {
            return l as List<object?> ?? [.. l];
        }

        var list = new List<object?>();
        foreach (var x in (IEnumerable)v)
        {
            list.Add(x);
        }

        return list;
    }

    /// <summary>Go's truth for if/with/and/or/not: the zero value and empty collections are false.</summary>
    public static bool IsTrue(object? v) => v switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        float f => f != 0,
        decimal m => m != 0,
        TimeSpan t => t != TimeSpan.Zero,
        _ when IsInteger(v) => ToLong(v) != 0,
        IReadOnlyDictionary<string, string> ss => ss.Count > 0,
        IReadOnlyDictionary<string, object?> so => so.Count > 0,
        ICollection c => c.Count > 0,
        IEnumerable e => e.GetEnumerator().MoveNext(),
        _ => true,
    };

    /// <summary>Go's name for the value's type, used in error messages.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "<nil>",
        TemplateQueryResult => "template.queryResult",
        TemplateSample => "*template.sample",
        string => "string",
        bool => "bool",
        double or decimal => "float64",
        float => "float32",
        int or long => "int",
        uint or ulong => "uint",
        short => "int16",
        sbyte => "int8",
        byte => "uint8",
        ushort => "uint16",
        DateTime or DateTimeOffset => "time.Time",
        TimeSpan => "time.Duration",
        IReadOnlyDictionary<string, string> => "map[string]string",
        IReadOnlyDictionary<string, object?> or IDictionary => "map[string]interface {}",
        IEnumerable<string> => "[]string",
        IEnumerable => "[]interface {}",
        TemplateMethod => "func",

        _ => v.GetType().Name,
    };
}
