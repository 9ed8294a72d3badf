namespace Tsdb.Storage.Index;

/// <summary>
/// The empty postings list. A singleton, so combinators can recognise it by reference and short-cut
/// (an intersection with it is empty, subtracting it is a no-op), as Prometheus's EmptyPostings does.
/// </summary>
public sealed class EmptyPostings : IPostings
{
    public static readonly EmptyPostings Instance = new();

    private EmptyPostings()
    {
    }

    public ulong At => 0;

    public bool Next() => false;

    public bool Seek(ulong v) => false;
}
