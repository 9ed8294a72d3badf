namespace Tsdb.Storage.Index;

/// <summary>
/// An iterator over a strictly increasing list of series references (Prometheus index.Postings).
/// </summary>
public interface IPostings
{
    /// <summary>Advances; false when exhausted.</summary>
    bool Next();

    /// <summary>Advances to the first reference &gt;= <paramref name="v"/>; stays if already there. False when exhausted.</summary>
    bool Seek(ulong v);

    ulong At { get; }
}
