using Tsdb.Storage.Codecs;
using System.Buffers.Binary;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Writes a block <c>index</c> file (layout in <see cref="IndexFormat"/>) from series added in
/// label order, in two passes so that memory stays bounded by symbols and postings:
/// <list type="number">
/// <item><see cref="AddSeries"/> assigns provisional symbol ids in first-seen order, records the
/// series ordinal in the postings of each label pair, and spools the series entry (provisional ids,
/// chunk metas) to a temporary file next to the index. Chunk metas are not kept in memory.</item>
/// <item><see cref="Finish"/> sorts the symbols (the index needs them sorted and referenced by
/// position), writes the symbol table, re-reads the spool translating ids into the final series
/// entries (whose offsets give the series references), then label indices, postings, both offset
/// tables and the TOC.</item>
/// </list>
/// </summary>
internal sealed class IndexWriter : IDisposable
{
    private readonly string _indexPath;
    private readonly FileStream _spool;
    private readonly EncBuf _buf = new();
    private readonly Dictionary<string, int> _symbolIds = new(StringComparer.Ordinal);
    private readonly List<string> _symbols = [];
    private readonly Dictionary<long, List<int>> _postings = [];
    private FileStream? _out;
    private long _pos;
    private int _seriesCount;

    public IndexWriter(string indexPath)
    {
        _indexPath = indexPath;
        _spool = new FileStream(indexPath + ".series-spool", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
    }

    public int SeriesCount => _seriesCount;

    /// <summary>Adds the next series; <paramref name="labels"/> must sort after the previous series' labels.</summary>
    public void AddSeries(Labels labels, ReadOnlySpan<ChunkMeta> chunks)
    {
        _buf.Reset();
        _buf.PutUvarint((ulong)labels.Count);
        foreach (var l in labels)
        {
            var n = SymbolId(l.Name);
            var v = SymbolId(l.Value);
            _buf.PutUvarint((ulong)n);
            _buf.PutUvarint((ulong)v);
            var key = ((long)n << 32) | (uint)v;
            if (!_postings.TryGetValue(key, out var list))
            {
                list = [];
                _postings.Add(key, list);
            }

            list.Add(_seriesCount);
        }

        _buf.PutUvarint((ulong)chunks.Length);
        foreach (ref readonly var c in chunks)
        {
            _buf.PutVarint(c.MinTime);
            _buf.PutVarint(c.MaxTime);
            _buf.PutUvarint(c.Ref);
        }

        Span<byte> len = stackalloc byte[10];
        _spool.Write(len[..EncBuf.WriteUvarint(len, (ulong)_buf.Length)]);
        _spool.Write(_buf.Span);
        _seriesCount++;
    }

    /// <summary>Writes the index file and fsyncs it.</summary>
    public void Finish(CancellationToken cancellationToken)
    {
        // Final symbol references are positions in the sorted symbol table.
        var order = new int[_symbols.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var symbols = _symbols;
        Array.Sort(order, (a, b) => string.CompareOrdinal(symbols[a], symbols[b]));
        var remap = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            remap[order[k]] = k;
        }

        _out = new FileStream(_indexPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> header = stackalloc byte[IndexFormat.HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, IndexFormat.Magic);
        header[4] = IndexFormat.Version;
        Out(header);

        var tocSymbols = _pos;
        WriteSymbols(order);

        Align(IndexFormat.SeriesAlignment);
        var tocSeries = _pos;
        var seriesRefs = WriteSeries(remap, cancellationToken);

        // Group label pairs by name, in final (sorted) symbol order.
        var pairs = new List<(int Name, int Value, List<int> Ordinals)>(_postings.Count);
        foreach (var (key, list) in _postings)
        {
            pairs.Add((remap[(int)(key >> 32)], remap[(int)(uint)key], list));
        }

        pairs.Sort(static (a, b) => a.Name != b.Name ? a.Name.CompareTo(b.Name) : a.Value.CompareTo(b.Value));

        Align(4);
        var tocLabelIndices = _pos;
        var labelIndexOffsets = WriteLabelIndices(pairs);

        Align(4);
        var tocPostings = _pos;
        var postingsOffsets = WritePostings(pairs, seriesRefs);

        var tocLabelOffsetTable = _pos;
        _buf.Reset();
        _buf.PutBE32((uint)labelIndexOffsets.Count);
        foreach (var (name, offset) in labelIndexOffsets)
        {
            _buf.PutByte(1);
            _buf.PutUvarintString(_symbols[order[name]]);
            _buf.PutUvarint((ulong)offset);
        }

        WriteBufferedSection();

        var tocPostingsOffsetTable = _pos;
        _buf.Reset();
        _buf.PutBE32((uint)(pairs.Count + 1));
        _buf.PutByte(2);
        _buf.PutUvarintString(IndexFormat.AllPostingsName);
        _buf.PutUvarintString(IndexFormat.AllPostingsValue);
        _buf.PutUvarint((ulong)postingsOffsets[0]);
        for (var i = 0; i < pairs.Count; i++)
        {
            _buf.PutByte(2);
            _buf.PutUvarintString(_symbols[order[pairs[i].Name]]);
            _buf.PutUvarintString(_symbols[order[pairs[i].Value]]);
            _buf.PutUvarint((ulong)postingsOffsets[i + 1]);
        }

        WriteBufferedSection();

        _buf.Reset();
        _buf.PutBE64((ulong)tocSymbols);
        _buf.PutBE64((ulong)tocSeries);
        _buf.PutBE64((ulong)tocLabelIndices);
        _buf.PutBE64((ulong)tocLabelOffsetTable);
        _buf.PutBE64((ulong)tocPostings);
        _buf.PutBE64((ulong)tocPostingsOffsetTable);
        _buf.PutBE32(Crc32C.Compute(_buf.Span));
        Out(_buf.Span);

        _out.Flush(flushToDisk: true);
        _out.Dispose();
        _out = null;
    }

    public void Dispose()
    {
        _spool.Dispose();
        _out?.Dispose();
    }

    private int SymbolId(string s)
    {
        if (!_symbolIds.TryGetValue(s, out var id))
        {
            id = _symbols.Count;
            _symbols.Add(s);
            _symbolIds.Add(s, id);
        }

        return id;
    }

    private void WriteSymbols(int[] order)
    {
        long len = 4;
        foreach (var i in order)
        {
            var n = System.Text.Encoding.UTF8.GetByteCount(_symbols[i]);
            len += EncBuf.UvarintSize((ulong)n) + n;
        }

        if (len > uint.MaxValue)
        {
            throw new InvalidOperationException("symbol table exceeds 4 GiB");
        }

        Span<byte> be = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(be, (uint)len);
        Out(be);
        BinaryPrimitives.WriteUInt32BigEndian(be, (uint)order.Length);
        var crc = Crc32C.Update(Crc32C.Initial, be);
        Out(be);
        foreach (var i in order)
        {
            _buf.Reset();
            _buf.PutUvarintString(_symbols[i]);
            crc = Crc32C.Update(crc, _buf.Span);
            Out(_buf.Span);
        }

        BinaryPrimitives.WriteUInt32BigEndian(be, ~crc);
        Out(be);
    }

    private uint[] WriteSeries(int[] remap, CancellationToken cancellationToken)
    {
        var refs = new uint[_seriesCount];
        _spool.Flush();
        _spool.Position = 0;
        var entry = new byte[256];
        Span<byte> prefix = stackalloc byte[10];
        Span<byte> crc = stackalloc byte[4];
        for (var s = 0; s < _seriesCount; s++)
        {
            if ((s & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var len = ReadSpoolUvarint();
            if (len > entry.Length)
            {
                entry = new byte[Math.Max(len, entry.Length * 2)];
            }

            _spool.ReadExactly(entry, 0, len);
            var d = new DecBuf(entry.AsSpan(0, len));
            _buf.Reset();
            var labelCount = d.Uvarint();
            _buf.PutUvarint(labelCount);
            for (ulong i = 0; i < labelCount; i++)
            {
                _buf.PutUvarint((ulong)remap[d.UvarintInt()]);
                _buf.PutUvarint((ulong)remap[d.UvarintInt()]);
            }

            var chunkCount = d.Uvarint();
            _buf.PutUvarint(chunkCount);
            long prevMaxt = 0;
            ulong prevRef = 0;
            for (ulong i = 0; i < chunkCount; i++)
            {
                var mint = d.Varint();
                var maxt = d.Varint();
                var r = d.Uvarint();
                if (i == 0)
                {
                    _buf.PutVarint(mint);
                    _buf.PutUvarint((ulong)(maxt - mint));
                    _buf.PutUvarint(r);
                }
                else
                {
                    _buf.PutUvarint((ulong)(mint - prevMaxt));
                    _buf.PutUvarint((ulong)(maxt - mint));
                    _buf.PutVarint((long)(r - prevRef));
                }

                prevMaxt = maxt;
                prevRef = r;
            }

            Align(IndexFormat.SeriesAlignment);
            var seriesRef = _pos / IndexFormat.SeriesAlignment;
            if (seriesRef > uint.MaxValue)
            {
                throw new InvalidOperationException("series section exceeds 64 GiB");
            }

            refs[s] = (uint)seriesRef;
            Out(prefix[..EncBuf.WriteUvarint(prefix, (ulong)_buf.Length)]);
            Out(_buf.Span);
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32C.Compute(_buf.Span));
            Out(crc);
        }

        return refs;
    }

    private List<(int Name, long Offset)> WriteLabelIndices(List<(int Name, int Value, List<int> Ordinals)> pairs)
    {
        var offsets = new List<(int, long)>();
        Span<byte> be = stackalloc byte[4];
        for (var i = 0; i < pairs.Count;)
        {
            var j = i;
            while (j < pairs.Count && pairs[j].Name == pairs[i].Name)
            {
                j++;
            }

            Align(4);
            offsets.Add((pairs[i].Name, _pos));
            BinaryPrimitives.WriteUInt32BigEndian(be, (uint)(8 + 4 * (j - i)));
            Out(be);
            BinaryPrimitives.WriteUInt32BigEndian(be, 1);
            var crc = Crc32C.Update(Crc32C.Initial, be);
            Out(be);
            BinaryPrimitives.WriteUInt32BigEndian(be, (uint)(j - i));
            crc = Crc32C.Update(crc, be);
            Out(be);
            for (var k = i; k < j; k++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(be, (uint)pairs[k].Value);
                crc = Crc32C.Update(crc, be);
                Out(be);
            }

            BinaryPrimitives.WriteUInt32BigEndian(be, ~crc);
            Out(be);
            i = j;
        }

        return offsets;
    }

    private long[] WritePostings(List<(int Name, int Value, List<int> Ordinals)> pairs, uint[] seriesRefs)
    {
        var offsets = new long[pairs.Count + 1];
        offsets[0] = WritePostingsList(null, seriesRefs);
        for (var i = 0; i < pairs.Count; i++)
        {
            offsets[i + 1] = WritePostingsList(pairs[i].Ordinals, seriesRefs);
        }

        return offsets;
    }

    /// <summary>One postings list; <paramref name="ordinals"/> null means all series.</summary>
    private long WritePostingsList(List<int>? ordinals, uint[] seriesRefs)
    {
        Align(4);
        var offset = _pos;
        var count = ordinals?.Count ?? seriesRefs.Length;
        Span<byte> be = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(be, (uint)(4 + 4 * (long)count));
        Out(be);
        BinaryPrimitives.WriteUInt32BigEndian(be, (uint)count);
        var crc = Crc32C.Update(Crc32C.Initial, be);
        Out(be);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(be, seriesRefs[ordinals is null ? i : ordinals[i]]);
            crc = Crc32C.Update(crc, be);
            Out(be);
        }

        BinaryPrimitives.WriteUInt32BigEndian(be, ~crc);
        Out(be);
        return offset;
    }

    /// <summary>Writes <c>len | _buf | CRC32C(_buf)</c>.</summary>
    private void WriteBufferedSection()
    {
        Span<byte> be = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(be, (uint)_buf.Length);
        Out(be);
        Out(_buf.Span);
        BinaryPrimitives.WriteUInt32BigEndian(be, Crc32C.Compute(_buf.Span));
        Out(be);
    }

    private int ReadSpoolUvarint()
    {
        ulong x = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = _spool.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException("series spool truncated");
            }

            x |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return checked((int)x);
            }
        }

        throw new InvalidDataException("series spool corrupt");
    }

    private void Align(int alignment)
    {
        var pad = (int)((alignment - (_pos % alignment)) % alignment);
        if (pad > 0)
        {
            Span<byte> zeros = stackalloc byte[16];
            zeros.Clear();
            Out(zeros[..pad]);
        }
    }

    private void Out(ReadOnlySpan<byte> data)
    {
        _out!.Write(data);
        _pos += data.Length;
    }
}
