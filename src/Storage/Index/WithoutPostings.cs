namespace Tsdb.Storage.Index;

/// <summary>
/// The references of <c>full</c> that are not in <c>drop</c> (Prometheus removedPostings). Drop is
/// only ever sought to full's candidates, so a short drop list costs O(drop) seeks and a long one is
/// skipped through by its own Seek.
/// </summary>
internal sealed class WithoutPostings(IPostings full, IPostings drop) : IPostings
{
    private ulong _cur;
    private ulong _dropAt;
    private bool _dropStarted;
    private bool _dropDone;
    private State _state;

    private enum State : byte
    {
        Unstarted,
        Positioned,
        Exhausted,
    }

    public ulong At => _cur;

    public bool Next()
    {
        if (_state == State.Exhausted || !full.Next())
        {
            return Done();
        }

        return Settle();
    }

    public bool Seek(ulong v)
    {
        switch (_state)
        {
            case State.Exhausted:
                return false;
            case State.Positioned when _cur >= v:
                return true;
        }

        if (!full.Seek(v))
        {
            return Done();
        }

        return Settle();
    }

    /// <summary>Full is positioned on a candidate; moves it past every candidate that drop contains.</summary>
    private bool Settle()
    {
        while (true)
        {
            var f = full.At;
            if (!_dropDone && (!_dropStarted || _dropAt < f))
            {
                _dropStarted = true;
                if (drop.Seek(f))
                {
                    _dropAt = drop.At;
                }
                else
                {
                    _dropDone = true;
                }
            }

            if (_dropDone || _dropAt != f)
            {
                _cur = f;
                _state = State.Positioned;
                return true;
            }

            if (!full.Next())
            {
                return Done();
            }
        }
    }

    private bool Done()
    {
        _state = State.Exhausted;
        return false;
    }
}
