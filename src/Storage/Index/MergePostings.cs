namespace Tsdb.Storage.Index;

/// <summary>
/// The union of its inputs without duplicates (Prometheus mergedPostings): a binary min-heap of the
/// non-exhausted inputs keyed by their current reference. The keys are cached next to the inputs so
/// sifting costs no interface calls; only advancing an input does.
/// </summary>
internal sealed class MergePostings : IPostings
{
    private readonly IPostings[] _heap;
    private readonly ulong[] _keys;
    private int _count;
    private ulong _cur;
    private State _state;

    /// <param name="its">At least two inputs, none positioned yet; the array is taken over.</param>
    public MergePostings(IPostings[] its)
    {
        _heap = its;
        _keys = new ulong[its.Length];
    }

    private enum State : byte
    {
        Unstarted,
        Positioned,
        Exhausted,
    }

    public ulong At => _cur;

    public bool Next()
    {
        switch (_state)
        {
            case State.Exhausted:
                return false;
            case State.Unstarted:
                return Start(0, advance: false);
        }

        // Advance every input sitting at the current reference (there may be several: duplicates).
        var cur = _cur;
        while (_keys[0] == cur)
        {
            var top = _heap[0];
            if (top.Next())
            {
                _keys[0] = top.At;
                SiftDown(0);
            }
            else if (!Pop())
            {
                return Done();
            }
        }

        _cur = _keys[0];
        return true;
    }

    public bool Seek(ulong v)
    {
        switch (_state)
        {
            case State.Exhausted:
                return false;
            case State.Unstarted:
                return Start(v, advance: true);
            case State.Positioned when _cur >= v:
                return true;
        }

        while (_keys[0] < v)
        {
            var top = _heap[0];
            if (top.Seek(v))
            {
                _keys[0] = top.At;
                SiftDown(0);
            }
            else if (!Pop())
            {
                return Done();
            }
        }

        _cur = _keys[0];
        return true;
    }

    /// <summary>Positions every input (Next, or Seek to <paramref name="v"/>) and builds the heap.</summary>
    private bool Start(ulong v, bool advance)
    {
        var n = 0;
        for (var i = 0; i < _heap.Length; i++)
        {
            var p = _heap[i];
            if (advance ? p.Seek(v) : p.Next())
            {
                _heap[n] = p;
                _keys[n] = p.At;
                n++;
            }
        }

        Array.Clear(_heap, n, _heap.Length - n);
        _count = n;
        if (n == 0)
        {
            return Done();
        }

        for (var i = (n >> 1) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        _cur = _keys[0];
        _state = State.Positioned;
        return true;
    }

    /// <summary>Removes the exhausted top; false when nothing is left.</summary>
    private bool Pop()
    {
        var last = --_count;
        if (last == 0)
        {
            _heap[0] = null!;
            return false;
        }

        _heap[0] = _heap[last];
        _keys[0] = _keys[last];
        _heap[last] = null!;
        SiftDown(0);
        return true;
    }

    private void SiftDown(int i)
    {
        var keys = _keys;
        var heap = _heap;
        var n = _count;
        var key = keys[i];
        var item = heap[i];
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && keys[child + 1] < keys[child])
            {
                child++;
            }

            if (keys[child] >= key)
            {
                break;
            }

            keys[i] = keys[child];
            heap[i] = heap[child];
            i = child;
        }

        keys[i] = key;
        heap[i] = item;
    }

    private bool Done()
    {
        _state = State.Exhausted;
        _count = 0;
        return false;
    }
}
