namespace Tsdb.Api.Host;

/// <summary>
/// Gives the memory of finished heavy work back to the operating system within seconds.
/// </summary>
/// <remarks>
/// A query over 100,000 series builds hundreds of megabytes of intermediate vectors that live for the
/// whole evaluation, so they are promoted to generation 2 before they die. The GC then either waits
/// for generation 2's budget to run out, which on a quiet server can take minutes, or collects them in
/// the background without compacting, which frees the objects but leaves the regions they were spread
/// over committed. Measured on bench/compare.sh's workload b (100,000 series): 1.7 KB resident per
/// series after ingest, 13-16 KB after the query set, whatever the GC mode, conserve-memory level or
/// gen0 budget; with a compacting collection afterwards, 2.5 KB.
/// Go's collector, which Prometheus users compare us with, is paced by heap growth (GOGC=100: collect
/// once the heap has doubled since the last collection). This does the equivalent for committed
/// memory: once a second it checks how much was allocated since this class's latest compacting
/// collection and how much the GC has committed, and once the allocation reaches the heap that
/// collection left (at least <see cref="SlackBytes"/>) while committed memory is more than
/// <see cref="SlackBytes"/> above that heap, it runs one compacting full collection. The GC's own "survived the last full collection" figure is no guide: that collection
/// often ran in the middle of the very query whose garbage is left. At most one collection per
/// <see cref="MinimumInterval"/>, so a heap that is large and busy is not collected over and over.
/// Once the server goes quiet it also trims: when less than <see cref="IdleAllocationBytes"/> was
/// allocated in the last check interval, at least <see cref="IdleSlackBytes"/> since the last
/// collection, and committed memory exceeds that collection's heap by more than a quarter (and
/// <see cref="IdleSlackBytes"/>). Streaming aggregation made heavy queries allocate less than the heap
/// itself, so the pacing above no longer fired after them and a small server (10,000 series) kept
/// 60-70 MB of emptied regions committed until its next burst of work.
/// </remarks>
internal sealed class HeapReclaimer : IDisposable
{
    /// <summary>Committed memory above twice the baseline that is tolerated without a collection.</summary>
    public const long SlackBytes = 64L << 20;

    /// <summary>Allocation per check interval below which the process counts as quiet.</summary>
    public const long IdleAllocationBytes = 1L << 20;

    /// <summary>The least allocation since the last collection, and committed excess, worth an idle trim.</summary>
    public const long IdleSlackBytes = 32L << 20;

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    private readonly Timer? _timer;
    private long _lastCollection;
    private long _baselineBytes;
    private long _allocatedAtCollection;
    private long _allocatedAtCheck;
    private int _running;

    /// <param name="checkPeriodically">False in tests, which call <see cref="Check"/> themselves.</param>
    public HeapReclaimer(bool checkPeriodically = true)
    {
        _timer = checkPeriodically ? new Timer(_ => Check(), null, CheckInterval, CheckInterval) : null;
    }

    /// <summary>How many collections this reclaimer ran.</summary>
    public int Collections { get; private set; }

    /// <summary>
    /// Whether another compacting collection is worth it: at least as much allocated since the last
    /// one as the heap it left (<paramref name="baselineBytes"/>, GOGC=100's pacing), and committed
    /// memory more than <see cref="SlackBytes"/> above that heap.
    /// </summary>
    public static bool ShouldCollect(long committedBytes, long baselineBytes, long allocatedSinceBytes) =>
        allocatedSinceBytes >= Math.Max(SlackBytes, baselineBytes) && committedBytes > baselineBytes + SlackBytes;

    /// <summary>
    /// Whether a quiet process should give back what its last burst of work left committed: under
    /// <see cref="IdleAllocationBytes"/> allocated in the last interval, at least <see cref="IdleSlackBytes"/>
    /// since the last collection (so one trim per burst, not one per interval), and committed memory more
    /// than a quarter (at least <see cref="IdleSlackBytes"/>) above the heap that collection left.
    /// </summary>
    public static bool ShouldTrimIdle(long committedBytes, long baselineBytes, long allocatedSinceBytes, long allocatedLastIntervalBytes) =>
        allocatedLastIntervalBytes < IdleAllocationBytes && allocatedSinceBytes >= IdleSlackBytes
        && committedBytes > baselineBytes + Math.Max(IdleSlackBytes, baselineBytes / 4);

    /// <summary>Checks once and collects if due; returns whether it collected.</summary>
    public bool Check()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return false;
        }

        try
        {
            if (_lastCollection != 0 && Environment.TickCount64 - _lastCollection < (long)MinimumInterval.TotalMilliseconds)
            {
                return false;
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var lastInterval = allocated - _allocatedAtCheck;
            _allocatedAtCheck = allocated;
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            var since = allocated - _allocatedAtCollection;
            if (!ShouldCollect(committed, _baselineBytes, since) && !ShouldTrimIdle(committed, _baselineBytes, since, lastInterval))
            {
                return false;
            }

            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _baselineBytes = GC.GetGCMemoryInfo().HeapSizeBytes;
            _allocatedAtCollection = GC.GetTotalAllocatedBytes(precise: false);
            _allocatedAtCheck = _allocatedAtCollection;
            _lastCollection = Environment.TickCount64;
            Collections++;
            return true;
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
