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
/// allocated in the last check interval, at least <see cref="IdleMinimumAllocationBytes"/> since the
/// last collection, and memory has grown since that collection by more than a quarter of its heap (and
/// <see cref="IdleSlackBytes"/>). Growth is the larger of the GC's committed bytes above the heap and
/// the process's anonymous resident memory above what it was right after the collection: regions the
/// GC has freed but not yet given back are resident without counting as committed, and after a
/// query set on a small server (10,000 series) they were 40-60 MB the GC's figure did not show.
/// Streaming aggregation made heavy queries allocate less than the heap itself, so the pacing above
/// no longer fired after them.
/// </remarks>
internal sealed class HeapReclaimer : IDisposable
{
    /// <summary>Committed memory above twice the baseline that is tolerated without a collection.</summary>
    public const long SlackBytes = 64L << 20;

    /// <summary>Allocation per check interval below which the process counts as quiet.</summary>
    public const long IdleAllocationBytes = 1L << 20;

    /// <summary>The least memory growth since the last collection worth an idle trim.</summary>
    public const long IdleSlackBytes = 16L << 20;

    /// <summary>The least allocation since the last collection for an idle trim: one trim per burst of work.</summary>
    public const long IdleMinimumAllocationBytes = 8L << 20;

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    private readonly Timer? _timer;
    private long _lastCollection;
    private long _baselineBytes;
    private long _allocatedAtCollection;
    private long _allocatedAtCheck;
    private long _anonymousAtCollection;
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
    /// Whether a quiet process should give back what its last burst of work left behind: under
    /// <see cref="IdleAllocationBytes"/> allocated in the last interval, at least
    /// <see cref="IdleMinimumAllocationBytes"/> since the last collection (so one trim per burst, not one
    /// per interval), and memory grown since that collection (<paramref name="growthBytes"/>) by more than
    /// a quarter of the heap it left (at least <see cref="IdleSlackBytes"/>).
    /// </summary>
    public static bool ShouldTrimIdle(long growthBytes, long baselineBytes, long allocatedSinceBytes, long allocatedLastIntervalBytes) =>
        allocatedLastIntervalBytes < IdleAllocationBytes && allocatedSinceBytes >= IdleMinimumAllocationBytes
        && growthBytes > Math.Max(IdleSlackBytes, baselineBytes / 4);

    /// <summary>
    /// Anonymous resident memory (resident minus file-backed and shared pages, from /proc/self/statm), so
    /// block files paged in by queries do not count; the whole working set where statm is missing.
    /// </summary>
    public static long AnonymousResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return (long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture)
                - long.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture)) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Environment.WorkingSet;
        }
    }

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
            if (!ShouldCollect(committed, _baselineBytes, since)
                && !(lastInterval < IdleAllocationBytes
                    && ShouldTrimIdle(Math.Max(committed - _baselineBytes, AnonymousResidentBytes() - _anonymousAtCollection), _baselineBytes, since, lastInterval)))
            {
                return false;
            }

            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _baselineBytes = GC.GetGCMemoryInfo().HeapSizeBytes;
            _allocatedAtCollection = GC.GetTotalAllocatedBytes(precise: false);
            _allocatedAtCheck = _allocatedAtCollection;
            _anonymousAtCollection = AnonymousResidentBytes();
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
