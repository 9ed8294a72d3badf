using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// A read-only memory-mapped file. Exposes bytes as spans at 64-bit offsets (the index may exceed
/// 2 GiB) and, as a <see cref="MemoryManager{T}"/>, as <see cref="ReadOnlyMemory{T}"/> slices that
/// point straight into the mapping (chunk segments are at most 512 MiB), so chunk reads never copy.
/// <para>
/// Lifetime: the mapping is released by <see cref="Dispose(bool)"/>; a span or memory obtained
/// before that must not be used afterwards. <see cref="Block"/> guarantees this with its reader
/// reference count: it disposes its files only after the last reader released the block.
/// </para>
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile _mmf;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _ptr;

    private MappedFile(string path, MemoryMappedFile mmf, MemoryMappedViewAccessor view, long length)
    {
        Path = path;
        _mmf = mmf;
        _view = view;
        Length = length;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _ptr = p + view.PointerOffset;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Maps <paramref name="path"/> read-only. Throws <see cref="CorruptBlockException"/> for an empty file.</summary>
    public static MappedFile Open(string path)
    {
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        try
        {
            var length = fs.Length;
            if (length == 0)
            {
                throw new CorruptBlockException(path, "file is empty");
            }

            var mmf = MemoryMappedFile.CreateFromFile(fs, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                var view = mmf.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                return new MappedFile(path, mmf, view, length);
            }
            catch
            {
                mmf.Dispose();
                throw;
            }
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>Bytes [offset, offset+length). Throws <see cref="InvalidDataException"/> when out of the file.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            ThrowOutOfRange(offset, length);
        }

        var p = _ptr;
        ObjectDisposedException.ThrowIf(p == null, this);
        return new ReadOnlySpan<byte>(p + offset, length);
    }

    /// <summary>Bytes from <paramref name="offset"/> up to at most <paramref name="maxLength"/> (fewer at the end of the file).</summary>
    public ReadOnlySpan<byte> SpanAtMost(long offset, int maxLength) =>
        Span(offset, (int)Math.Min(maxLength, Math.Max(0, Length - offset)));

    public override Span<byte> GetSpan()
    {
        var p = _ptr;
        ObjectDisposedException.ThrowIf(p == null, this);
        if (Length > int.MaxValue)
        {
            throw new NotSupportedException($"{Path}: files over 2 GiB cannot be exposed as Memory<byte>");
        }

        return new Span<byte>(p, (int)Length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        var p = _ptr;
        ObjectDisposedException.ThrowIf(p == null, this);
        return new MemoryHandle(p + elementIndex);
    }

    public override void Unpin()
    {
        // The mapping never moves; nothing to do.
    }

    protected override void Dispose(bool disposing)
    {
        if (_ptr == null)
        {
            return;
        }

        _ptr = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _mmf.Dispose();
    }

    /// <summary>Releases the mapping. Only <see cref="Block"/> calls this, after its last reader.</summary>
    public void Close() => ((IDisposable)this).Dispose();

    private void ThrowOutOfRange(long offset, int length) =>
        throw new InvalidDataException($"range [{offset}, {offset + length}) outside file of {Length} bytes");
}
