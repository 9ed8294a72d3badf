namespace Tsdb.Storage.Index;

/// <summary>
/// References present in every input (Prometheus intersectPostings). Next advances only the first
/// input and then seeks the others to the candidate, restarting whenever one of them overshoots,
/// so short inputs put first make long ones skip ahead.
/// </summary>
internal sealed class IntersectPostings : IPostings
{
    private readonly IPostings[] _its;
    private ulong _cur;
    private State _state;

    public IntersectPostings(IPostings[] its) => _its = its;

    private enum State : byte
    {
        Unstarted,
        Positioned,
        Exhausted,
    }

    public ulong At => _cur;

    public bool Next()
    {
        if (_state == State.Exhausted || !_its[0].Next())
        {
            return Done();
        }

        _cur = _its[0].At;
        return Align(1);
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

        _cur = v;
        return Align(0);
    }

    /// <summary>
    /// Brings every input to the same reference &gt;= _cur. Inputs before <paramref name="from"/> are
    /// known to sit exactly at _cur.
    /// </summary>
    private bool Align(int from)
    {
        var its = _its;
        var cur = _cur;
        var aligned = from; // how many inputs in a row (cyclically, ending before i) sit at cur
        var i = from;
        while (aligned < its.Length)
        {
            if (i == its.Length)
            {
                i = 0;
            }

            var p = its[i];
            if (!p.Seek(cur))
            {
                return Done();
            }

            var at = p.At;
            if (at > cur)
            {
                // Overshoot: this input defines the new candidate; all others must catch up.
                cur = at;
                aligned = 1;
            }
            else
            {
                aligned++;
            }

            i++;
        }

        _cur = cur;
        _state = State.Positioned;
        return true;
    }

    private bool Done()
    {
        _state = State.Exhausted;
        return false;
    }
}
