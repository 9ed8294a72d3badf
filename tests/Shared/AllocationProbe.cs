namespace Tsdb.Tests.Shared;

/// <summary>
/// Measures what an action allocates on the calling thread: after warm-up, the least of several rounds.
/// One round can catch runtime work (tiered JIT, lazy statics) under load; a real per-call allocation
/// shows in every round, so the least is still non-zero.
/// </summary>
internal static class AllocationProbe
{
    public static long LeastAllocated(Action action, int warmups = 20, int rounds = 5)
    {
        for (var i = 0; i < warmups; i++)
        {
            action();
        }

        var least = long.MaxValue;
        for (var r = 0; r < rounds && least != 0; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
