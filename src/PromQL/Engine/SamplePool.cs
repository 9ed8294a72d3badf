using System.Buffers;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>Pooled sample buffers, reused across series and queries.</summary>
internal static class SamplePool
{
    public static Sample[] Rent(int minimum = 256) => ArrayPool<Sample>.Shared.Rent(minimum);

    public static void Grow(ref Sample[] buffer)
    {
        var bigger = ArrayPool<Sample>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan().CopyTo(bigger);
        ArrayPool<Sample>.Shared.Return(buffer);
        buffer = bigger;
    }

    public static void Return(Sample[] buffer) => ArrayPool<Sample>.Shared.Return(buffer);
}
