using System.Collections.Concurrent;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// Reuses head appenders across requests of one head: an appender's sample and WAL buffers grow to
/// the request size (2,000 samples are ~100 KB of buffers), which a fresh appender per request would
/// allocate again every time.
/// </summary>
internal sealed class AppenderPool(Head head)
{
    // Enough for every concurrent sender on a small machine; beyond it appenders are simply dropped.
    private const int MaxPooled = 16;

    // An appender that once took a huge request keeps buffers of that size: let GC have it instead.
    private const int MaxPooledCapacity = 1 << 16;

    private readonly ConcurrentQueue<HeadAppender> _free = new();

    public Head Head => head;

    public HeadAppender Rent() => _free.TryDequeue(out var app) ? app : head.Appender();

    /// <summary>Takes back an appender after its commit or rollback.</summary>
    public void Return(HeadAppender app)
    {
        if (app.PendingCount == 0 && app.Capacity <= MaxPooledCapacity && _free.Count < MaxPooled)
        {
            _free.Enqueue(app);
        }
    }
}
