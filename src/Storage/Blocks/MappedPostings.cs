using System.Buffers.Binary;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// A postings list read in place from the mapped index: <paramref name="count"/> big-endian
/// 32-bit series references at <paramref name="offset"/> (Prometheus bigEndianPostings).
/// <see cref="Seek"/> binary-searches the remaining entries.
/// </summary>
internal sealed class MappedPostings(MappedFile file, long offset, int count) : IPostings
{
    private int _index = -1;

    public ulong At { get; private set; }

    public bool Next()
    {
        if (_index + 1 >= count)
        {
            _index = count;
            return false;
        }

        _index++;
        At = Read(_index);
        return true;
    }

    public bool Seek(ulong v)
    {
        if (_index >= count)
        {
            return false;
        }

        if (_index >= 0 && At >= v)
        {
            return true;
        }

        // First entry in [lo, count) whose value is >= v.
        int lo = _index < 0 ? 0 : _index + 1, hi = count;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (Read(mid) < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        _index = lo;
        if (lo >= count)
        {
            return false;
        }

        At = Read(lo);
        return true;
    }

    private uint Read(int i) => BinaryPrimitives.ReadUInt32BigEndian(file.Span(offset + 4L * i, 4));
}

/// <summary>The empty postings list.</summary>
internal sealed class EmptyPostings : IPostings
{
    public static readonly EmptyPostings Instance = new();

    public ulong At => 0;

    public bool Next() => false;

    public bool Seek(ulong v) => false;
}
