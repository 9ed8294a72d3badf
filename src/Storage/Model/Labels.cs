using System.Collections;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Tsdb.Storage;

/// <summary>
/// An immutable label set sorted by name: the identity of a series. Empty values are dropped
/// (Prometheus treats an empty value as an absent label) and names are unique.
/// </summary>
public sealed class Labels : IEquatable<Labels>, IComparable<Labels>, IReadOnlyList<Label>
{
    public static readonly Labels Empty = new([]);

    private readonly Label[] _labels;

    private Labels(Label[] sorted)
        : this(sorted, ComputeHash(sorted))
    {
    }

    private Labels(Label[] sorted, ulong hash)
    {
        _labels = sorted;
        Hash = hash;
    }

    /// <summary>Tests only: a label set with a chosen hash, to exercise hash-collision handling.</summary>
    internal static Labels WithHashForTesting(Labels labels, ulong hash) => new(labels._labels, hash);

    /// <summary>A 64-bit hash over names and values; equal label sets have equal hashes.</summary>
    public ulong Hash { get; }

    public int Count => _labels.Length;

    public Label this[int index] => _labels[index];

    public ReadOnlySpan<Label> AsSpan() => _labels;

    /// <summary>Builds from name/value pairs: <c>FromStrings("__name__", "up", "job", "x")</c>.</summary>
    public static Labels FromStrings(params string[] nameValues)
    {
        if (nameValues.Length % 2 != 0)
        {
            throw new ArgumentException("label name/value pairs must come in pairs", nameof(nameValues));
        }

        var list = new Label[nameValues.Length / 2];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new Label(nameValues[2 * i], nameValues[2 * i + 1]);
        }

        return FromUnsorted(list);
    }

    /// <summary>Sorts, drops empty values and rejects duplicate names.</summary>
    public static Labels FromUnsorted(IEnumerable<Label> labels)
    {
        var list = new List<Label>(labels is ICollection<Label> c ? c.Count : 8);
        foreach (var l in labels)
        {
            if (l.Value.Length != 0)
            {
                list.Add(l);
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Name == list[i - 1].Name)
            {
                throw new ArgumentException($"duplicate label name \"{list[i].Name}\"");
            }
        }

        return list.Count == 0 ? Empty : new Labels([.. list]);
    }

    /// <summary>Wraps an array the caller guarantees to be sorted, unique and free of empty values.</summary>
    internal static Labels FromSortedUnchecked(Label[] sorted) => sorted.Length == 0 ? Empty : new Labels(sorted);

    /// <summary>A copy with other (equal) string instances, e.g. interned ones; the hash carries over.</summary>
    internal Labels WithStrings(Label[] sameLabels) => sameLabels.Length == 0 ? Empty : new Labels(sameLabels, Hash);

    /// <summary>The value of <paramref name="name"/>, or "" when absent.</summary>
    public string Get(string name)
    {
        foreach (ref readonly var l in _labels.AsSpan())
        {
            if (l.Name == name)
            {
                return l.Value;
            }
        }

        return "";
    }

    public bool Has(string name)
    {
        foreach (ref readonly var l in _labels.AsSpan())
        {
            if (l.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    public string MetricName => Get(Label.MetricName);

    public LabelsBuilder ToBuilder() => new(this);

    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Hash != Hash || other._labels.Length != _labels.Length)
        {
            return false;
        }

        return _labels.AsSpan().SequenceEqual(other._labels);
    }

    public override bool Equals(object? obj) => obj is Labels l && Equals(l);

    public override int GetHashCode() => (int)Hash ^ (int)(Hash >> 32);

    /// <summary>Prometheus order (labels.Compare): pairwise by name, then value, then length.</summary>
    public int CompareTo(Labels? other)
    {
        if (other is null)
        {
            return 1;
        }

        var a = _labels;
        var b = other._labels;
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a[i].Name, b[i].Name);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Prometheus text form: <c>{__name__="up", job="x"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_labels[i].Name).Append("=\"");
            AppendEscaped(sb, _labels[i].Value);
            sb.Append('"');
        }

        return sb.Append('}').ToString();
    }

    private static void AppendEscaped(StringBuilder sb, string value)
    {
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(ch); break;
            }
        }
    }

    public Enumerator GetEnumerator() => new(_labels);

    IEnumerator<Label> IEnumerable<Label>.GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _labels.GetEnumerator();

    private static ulong ComputeHash(Label[] labels)
    {
        // Each string is prefixed by its length, so no two label sets hash the same input bytes
        // (a separator byte would not do: the hashed bytes are UTF-16 and can hold any value).
        var hasher = new XxHash3();
        Span<byte> length = stackalloc byte[4];
        foreach (var l in labels)
        {
            Append(hasher, l.Name, length);
            Append(hasher, l.Value, length);
        }

        return hasher.GetCurrentHashAsUInt64();
    }

    private static void Append(XxHash3 hasher, string s, Span<byte> length)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, s.Length);
        hasher.Append(length);
        hasher.Append(MemoryMarshal.AsBytes(s.AsSpan()));
    }

    /// <summary>Allocation-free enumerator for <c>foreach</c>.</summary>
    public struct Enumerator(Label[] labels)
    {
        private int _index = -1;

        public readonly Label Current => labels[_index];

        public bool MoveNext() => ++_index < labels.Length;
    }
}
