namespace Tsdb.Storage.Index;

/// <summary>
/// The union of its inputs without duplicates (Prometheus mergedPostings), as a k-way merge over a
/// tournament tree of losers.
/// </summary>
/// <remarks>
/// After the winner advances, only its leaf-to-root path is replayed: log2(k) comparisons against
/// the stored losers, versus up to 2·log2(k) for sifting a binary heap. Keys are cached by input
/// and the tree holds input indices, so replays make no interface calls and store no references
/// (no GC write barriers). Measured on 100 interleaved lists of 1k: a binary heap of IPostings
/// references took ~3.5 ms, a heap of indices ~2.4 ms, this tree ~1.7 ms.
/// </remarks>
internal sealed class MergePostings : IPostings
{
    private readonly IPostings[] _its;
    private readonly ulong[] _keys;  // current reference of each input
    private readonly bool[] _done;   // exhausted inputs lose every comparison (no sentinel key: any ulong is a valid ref)
    private readonly int[] _tree;    // [0] the winner, [1..k-1] the loser at each internal node
    private ulong _cur;
    private State _state;

    /// <param name="its">At least two inputs, none positioned yet; the array is taken over.</param>
    public MergePostings(IPostings[] its)
    {
        _its = its;
        _keys = new ulong[its.Length];
        _done = new bool[its.Length];
        _tree = new int[its.Length];
    }

    private enum State : byte
    {
        Unstarted,
        Positioned,
        Exhausted,
    }

    public ulong At => _cur;

    /// <summary>Whether input a is ahead of input b; exhausted inputs come last.</summary>
    private bool Less(int a, int b) => !_done[a] && (_done[b] || _keys[a] < _keys[b]);

    public bool Next()
    {
        if (_state == State.Exhausted)
        {
            return false;
        }

        if (_state == State.Unstarted)
        {
            return Start(0, false);
        }

        var cur = _cur;
        while (true)
        {
            var w = _tree[0];
            if (_done[w])
            {
                _state = State.Exhausted;
                return false;
            }

            if (_keys[w] != cur)
            {
                _cur = _keys[w];
                return true;
            }

            var p = _its[w];
            if (p.Next())
            {
                _keys[w] = p.At;
            }
            else
            {
                _done[w] = true;
            }

            Replay(w);
        }
    }

    public bool Seek(ulong v)
    {
        if (_state == State.Exhausted)
        {
            return false;
        }

        if (_state == State.Unstarted)
        {
            return Start(v, true);
        }

        if (_cur >= v)
        {
            return true;
        }

        while (true)
        {
            var w = _tree[0];
            if (_done[w])
            {
                _state = State.Exhausted;
                return false;
            }

            if (_keys[w] >= v)
            {
                _cur = _keys[w];
                return true;
            }

            var p = _its[w];
            if (p.Seek(v))
            {
                _keys[w] = p.At;
            }
            else
            {
                _done[w] = true;
            }

            Replay(w);
        }
    }

    /// <summary>Input <paramref name="w"/> (the old winner) moved; replays its path to the root.</summary>
    private void Replay(int w)
    {
        var k = _its.Length;
        var tree = _tree;
        for (var node = (w + k) >> 1; node >= 1; node >>= 1)
        {
            var l = tree[node];
            if (Less(l, w))
            {
                tree[node] = w;
                w = l;
            }
        }

        tree[0] = w;
    }

    /// <summary>Positions every input (Next, or Seek to <paramref name="v"/>) and plays the tournament.</summary>
    private bool Start(ulong v, bool seek)
    {
        var k = _its.Length;
        for (var i = 0; i < k; i++)
        {
            var p = _its[i];
            if (seek ? p.Seek(v) : p.Next())
            {
                _keys[i] = p.At;
            }
            else
            {
                _done[i] = true;
            }
        }

        // Leaf of input i is node k + i; node n's children are 2n and 2n + 1.
        var winners = new int[2 * k];
        for (var i = 0; i < k; i++)
        {
            winners[k + i] = i;
        }

        for (var n = k - 1; n >= 1; n--)
        {
            var a = winners[2 * n];
            var b = winners[2 * n + 1];
            if (Less(b, a))
            {
                (a, b) = (b, a);
            }

            winners[n] = a;
            _tree[n] = b;
        }

        _tree[0] = winners[1];
        if (_done[_tree[0]])
        {
            _state = State.Exhausted;
            return false;
        }

        _cur = _keys[_tree[0]];
        _state = State.Positioned;
        return true;
    }
}
