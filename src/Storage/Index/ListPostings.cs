using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tsdb.Storage.Index;

/// <summary>
/// Postings over a strictly increasing slice of references held in memory. Seek gallops from the
/// current position (1, 2, 4, ... elements ahead, then a binary search inside the last step), so
/// both near and far seeks cost O(log distance): intersecting a short list with a long one touches
/// only O(short · log(long / short)) elements of the long one.
/// </summary>
public sealed class ListPostings : IPostings
{
    private readonly ulong[] _list;
    private readonly int _start;
    private readonly int _end;
    private int _pos; // index of the current reference; _start - 1 before the first Next/Seek, _end when exhausted

    /// <summary>Wraps the whole array (not copied; it must stay unchanged while this is in use).</summary>
    public ListPostings(ulong[] sorted)
        : this(sorted, 0, sorted.Length)
    {
    }

    /// <summary>Wraps <paramref name="count"/> references from <paramref name="start"/> (not copied).</summary>
    public ListPostings(ulong[] sorted, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, sorted.Length - count);
        _list = sorted;
        _start = start;
        _end = start + count;
        _pos = start - 1;
    }

    /// <summary>
    /// Wraps an array-backed memory without copying. Memory not backed by an array (e.g. a
    /// memory-mapped block) is copied once; such sources should get their own <see cref="IPostings"/>.
    /// </summary>
    public ListPostings(ReadOnlyMemory<ulong> sorted)
        : this(AsSegment(sorted))
    {
    }

    private ListPostings(ArraySegment<ulong> segment)
        : this(segment.Array!, segment.Offset, segment.Count)
    {
    }

    /// <summary>How many references remain after the current one (all of them before the first Next).</summary>
    public int Remaining => _end - Math.Max(_pos + 1, _start);

    public ulong At
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _list[_pos];
    }

    public bool Next()
    {
        if (_pos + 1 < _end)
        {
            _pos++;
            return true;
        }

        _pos = _end;
        return false;
    }

    public bool Seek(ulong v)
    {
        var pos = _pos;
        if (pos >= _end)
        {
            return false;
        }

        var list = _list;
        if (pos < _start)
        {
            pos = _start;
            if (pos >= _end)
            {
                _pos = _end;
                return false;
            }
        }

        if (list[pos] >= v)
        {
            _pos = pos;
            return true;
        }

        // Gallop: find a step with list[lo] < v <= list[hi], then binary-search (lo, hi].
        var lo = pos;
        var step = 1;
        var hi = pos + 1;
        while (hi < _end && list[hi] < v)
        {
            lo = hi;
            step <<= 1;
            hi = _end - lo > step ? lo + step : _end;
        }

        // Invariant: list[lo] < v, and list[hi] >= v or hi == _end (then the answer may still be below _end).
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (list[mid] < v)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        _pos = hi;
        return hi < _end;
    }

    private static ArraySegment<ulong> AsSegment(ReadOnlyMemory<ulong> m) =>
        MemoryMarshal.TryGetArray(m, out var seg) ? seg : new ArraySegment<ulong>(m.ToArray());
}
