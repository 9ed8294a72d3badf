using Tsdb.Storage.Codecs;
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Reads a block <c>index</c> file in place through a memory mapping.
/// <para>
/// Opening verifies the whole file: header, TOC checksum, section bounds, and the CRC32C of the
/// symbol table, of every series entry, label index, postings list and both offset tables; it also
/// decodes every series (symbol references in range, chunk metas well-formed) and checks that the
/// all-series postings list matches the series section. Any mismatch throws
/// <see cref="CorruptBlockException"/>. The cost is one sequential pass over the index.
/// </para>
/// <para>
/// In memory it keeps: the offset of every symbol plus a lazily filled string cache (so a label
/// string is allocated once per block, not per lookup), the label names, and for every label name
/// every 32nd value of the postings offset table (as Prometheus does); lookups binary-search the
/// samples and scan at most 32 entries in the mapping. All state is immutable after open except
/// the symbol cache, whose races are benign (two threads may build equal strings), so concurrent
/// readers need no locks.
/// </para>
/// </summary>
internal sealed class BlockIndexReader
{
    private readonly MappedFile _file;
    private readonly long[] _symbolOffsets;
    private readonly string?[] _symbolCache;
    private readonly long _seriesStart;
    private readonly long _seriesEnd;
    private readonly Dictionary<string, NameEntry> _names = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _labelNames;
    private readonly long _tableEnd;
    private long _allPostingsOffset;
    private readonly Dictionary<int, uint> _maxChunkOffsets = [];

    private BlockIndexReader(MappedFile file)
    {
        _file = file;
        var path = file.Path;
        if (file.Length < IndexFormat.HeaderSize + IndexFormat.TocSize)
        {
            throw new CorruptBlockException(path, $"index too short ({file.Length} bytes)");
        }

        var header = file.Span(0, IndexFormat.HeaderSize);
        if (BinaryPrimitives.ReadUInt32BigEndian(header) != IndexFormat.Magic)
        {
            throw new CorruptBlockException(path, "bad index magic");
        }

        if (header[4] != IndexFormat.Version)
        {
            throw new CorruptBlockException(path, $"unsupported index version {header[4]}");
        }

        // TOC: the last 52 bytes.
        var tocPos = file.Length - IndexFormat.TocSize;
        var toc = file.Span(tocPos, IndexFormat.TocSize);
        if (Crc32C.Compute(toc[..48]) != BinaryPrimitives.ReadUInt32BigEndian(toc[48..]))
        {
            throw new CorruptBlockException(path, "TOC checksum mismatch (file truncated or corrupt)");
        }

        var symbols = (long)BinaryPrimitives.ReadUInt64BigEndian(toc);
        var series = (long)BinaryPrimitives.ReadUInt64BigEndian(toc[8..]);
        var labelIndices = (long)BinaryPrimitives.ReadUInt64BigEndian(toc[16..]);
        var labelOffsetTable = (long)BinaryPrimitives.ReadUInt64BigEndian(toc[24..]);
        var postings = (long)BinaryPrimitives.ReadUInt64BigEndian(toc[32..]);
        var postingsOffsetTable = (long)BinaryPrimitives.ReadUInt64BigEndian(toc[40..]);
        if (!(IndexFormat.HeaderSize <= symbols && symbols < series && series <= labelIndices && labelIndices <= postings
            && postings <= labelOffsetTable && labelOffsetTable <= postingsOffsetTable && postingsOffsetTable < tocPos))
        {
            throw new CorruptBlockException(path, "TOC section offsets out of order or out of the file");
        }

        // Symbol table.
        var symContent = Section(symbols, "symbol table");
        var sd = new DecBuf(symContent.Span);
        var symCount = (int)Math.Min(sd.BE32(), int.MaxValue);
        if (symCount > symContent.Length)
        {
            throw new CorruptBlockException(path, "symbol count exceeds the symbol table");
        }

        _symbolOffsets = new long[symCount];
        for (var i = 0; i < symCount; i++)
        {
            _symbolOffsets[i] = symContent.Offset + sd.Position;
            sd.Skip(sd.UvarintInt());
        }

        if (sd.Remaining != 0)
        {
            throw new CorruptBlockException(path, "trailing bytes in symbol table");
        }

        _symbolCache = new string?[symCount];

        // Postings offset table: label names, sampled values, and the CRC of every postings list.
        var table = Section(postingsOffsetTable, "postings offset table");
        _tableEnd = table.Offset + table.Length;
        _allPostingsOffset = -1;
        var names = ReadPostingsOffsetTable(table, postings, labelOffsetTable);
        if (_allPostingsOffset < 0)
        {
            throw new CorruptBlockException(path, "postings offset table lacks the all-series entry");
        }

        _labelNames = names.AsReadOnly();

        // Series: walk every entry, check CRC and contents, and compare with the all-series list.
        _seriesStart = series;
        _seriesEnd = labelIndices;
        var all = PostingsAt(_allPostingsOffset, out var allCount);
        var seriesCount = WalkSeries(all, allCount);
        if (seriesCount != allCount)
        {
            throw new CorruptBlockException(path, $"series section has {seriesCount} series, all-series postings {allCount}");
        }

        SeriesCount = seriesCount;

        // Label offset table and the (unused, kept for format compatibility) label indices.
        var lot = Section(labelOffsetTable, "label offset table");
        var ld = new DecBuf(lot.Span);
        var lcount = ld.BE32();
        for (uint i = 0; i < lcount; i++)
        {
            if (ld.Byte() != 1)
            {
                throw new CorruptBlockException(path, "label offset table entry with more than one name");
            }

            ld.Skip(ld.UvarintInt());
            var off = (long)ld.Uvarint();
            if (off < labelIndices || off >= postings)
            {
                throw new CorruptBlockException(path, "label index offset out of its section");
            }

            Section(off, "label index");
        }
    }

    public string Path => _file.Path;

    public int SeriesCount { get; }

    /// <summary>Per chunk segment index, the largest chunk offset referenced by any series (for cheap truncation checks of chunk files).</summary>
    public IReadOnlyDictionary<int, uint> MaxChunkOffsets => _maxChunkOffsets;

    public static BlockIndexReader Open(MappedFile file)
    {
        try
        {
            return new BlockIndexReader(file);
        }
        catch (InvalidDataException e)
        {
            throw new CorruptBlockException(file.Path, e.Message, e);
        }
    }

    public IReadOnlyList<string> LabelNames() => _labelNames;

    public IReadOnlyList<string> LabelValues(string name)
    {
        if (!_names.TryGetValue(name, out var e))
        {
            return [];
        }

        var values = new string[e.Count];
        var d = TableDecoder(e.SampleEntries[0]);
        for (var i = 0; i < e.Count; i++)
        {
            d.Byte();
            d.Skip(d.UvarintInt());
            values[i] = d.UvarintString();
            d.Uvarint();
        }

        return values;
    }

    public IPostings Postings(string name, string value)
    {
        if (!_names.TryGetValue(name, out var e))
        {
            return EmptyPostings.Instance;
        }

        // Last sample <= value; the entry, if present, lies within the next 32 entries.
        var samples = e.SampleValues;
        int lo = 0, hi = samples.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(samples[mid], value) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (lo == 0)
        {
            return EmptyPostings.Instance;
        }

        var s = lo - 1;
        var maxLen = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> target = maxLen <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(maxLen));
        try
        {
            target = target[..Encoding.UTF8.GetBytes(value, target)];
            var d = TableDecoder(e.SampleEntries[s]);
            var n = Math.Min(IndexFormat.PostingsOffsetSampling, e.Count - s * IndexFormat.PostingsOffsetSampling);
            for (var i = 0; i < n; i++)
            {
                d.Byte();
                d.Skip(d.UvarintInt());
                var v = d.UvarintBytes();
                var off = (long)d.Uvarint();
                if (v.SequenceEqual(target))
                {
                    var p = PostingsAt(off, out var count);
                    return new MappedPostings(_file, p, count);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return EmptyPostings.Instance;
    }

    public IPostings AllPostings()
    {
        var p = PostingsAt(_allPostingsOffset, out var count);
        return new MappedPostings(_file, p, count);
    }

    public bool Series(ulong seriesRef, out Labels labels, List<ChunkMeta> chunks)
    {
        chunks.Clear();
        labels = Labels.Empty;
        if (seriesRef > (ulong)(_seriesEnd / IndexFormat.SeriesAlignment))
        {
            return false;
        }

        var pos = (long)seriesRef * IndexFormat.SeriesAlignment;
        if (pos < _seriesStart || pos >= _seriesEnd)
        {
            return false;
        }

        try
        {
            var head = new DecBuf(_file.SpanAtMost(pos, 5));
            var len = head.UvarintInt();
            var d = new DecBuf(_file.Span(pos + head.Position, len));
            labels = DecodeSeries(ref d, chunks, null);
            return true;
        }
        catch (InvalidDataException e)
        {
            throw new CorruptBlockException(Path, $"series {seriesRef}: {e.Message}", e);
        }
    }

    /// <summary>Releases the mapping (only called by <see cref="Block"/> after its last reader).</summary>
    public void Close() => _file.Close();

    /// <summary>The symbol at position <paramref name="index"/>, decoded once and cached.</summary>
    private string Symbol(int index)
    {
        var s = _symbolCache[index];
        if (s is not null)
        {
            return s;
        }

        var off = _symbolOffsets[index];
        var head = new DecBuf(_file.SpanAtMost(off, 5));
        var len = head.UvarintInt();
        s = Encoding.UTF8.GetString(_file.Span(off + head.Position, len));
        _symbolCache[index] = s;
        return s;
    }

    /// <summary>Decodes a series entry. With <paramref name="verify"/> it only validates (no strings) and records chunk offsets.</summary>
    private Labels DecodeSeries(ref DecBuf d, List<ChunkMeta>? chunks, Dictionary<int, uint>? verify)
    {
        var labelCount = d.UvarintInt();
        Label[]? labels = verify is null ? new Label[labelCount] : null;
        for (var i = 0; i < labelCount; i++)
        {
            var n = d.UvarintInt();
            var v = d.UvarintInt();
            if (n >= _symbolOffsets.Length || v >= _symbolOffsets.Length)
            {
                throw new InvalidDataException("series references an unknown symbol");
            }

            if (labels is not null)
            {
                labels[i] = new Label(Symbol(n), Symbol(v));
            }
        }

        var chunkCount = d.UvarintInt();
        long mint = 0, maxt = 0;
        ulong r = 0;
        for (var i = 0; i < chunkCount; i++)
        {
            if (i == 0)
            {
                mint = d.Varint();
                maxt = mint + (long)d.Uvarint();
                r = d.Uvarint();
            }
            else
            {
                mint = maxt + (long)d.Uvarint();
                maxt = mint + (long)d.Uvarint();
                r = (ulong)((long)r + d.Varint());
            }

            chunks?.Add(new ChunkMeta(r, mint, maxt));
            if (verify is not null)
            {
                var seg = ChunkSegmentFormat.SegmentIndex(r);
                var off = ChunkSegmentFormat.Offset(r);
                if (!verify.TryGetValue(seg, out var max) || off > max)
                {
                    verify[seg] = off;
                }
            }
        }

        if (d.Remaining != 0)
        {
            throw new InvalidDataException("trailing bytes in series entry");
        }

        return labels is null ? Labels.Empty : Labels.FromSortedUnchecked(labels);
    }

    private int WalkSeries(long allPostings, int allCount)
    {
        var pos = _seriesStart;
        var count = 0;
        while (true)
        {
            pos = (pos + IndexFormat.SeriesAlignment - 1) / IndexFormat.SeriesAlignment * IndexFormat.SeriesAlignment;
            if (pos >= _seriesEnd)
            {
                break;
            }

            var head = new DecBuf(_file.SpanAtMost(pos, 5));
            var len = head.UvarintInt();
            var contentPos = pos + head.Position;
            if (contentPos + len + 4 > _seriesEnd)
            {
                throw new CorruptBlockException(Path, $"series entry at {pos} runs past the series section");
            }

            var content = _file.Span(contentPos, len);
            if (Crc32C.Compute(content) != BinaryPrimitives.ReadUInt32BigEndian(_file.Span(contentPos + len, 4)))
            {
                throw new CorruptBlockException(Path, $"checksum mismatch in series entry at offset {pos}");
            }

            if (count >= allCount || BinaryPrimitives.ReadUInt32BigEndian(_file.Span(allPostings + 4L * count, 4)) != (ulong)(pos / IndexFormat.SeriesAlignment))
            {
                throw new CorruptBlockException(Path, $"series entry at offset {pos} missing from the all-series postings");
            }

            var d = new DecBuf(content);
            DecodeSeries(ref d, null, _maxChunkOffsets);
            count++;
            pos = contentPos + len + 4;
        }

        return count;
    }

    private List<string> ReadPostingsOffsetTable(SectionContent table, long postingsStart, long postingsEnd)
    {
        var labelNames = new List<string>();
        var d = new DecBuf(table.Span);
        var count = d.BE32();
        NameEntry? current = null;
        List<string>? sampleValues = null;
        List<long>? sampleEntries = null;
        ReadOnlySpan<byte> currentName = default;
        string? prevValue = null;
        for (uint i = 0; i < count; i++)
        {
            var entryPos = table.Offset + d.Position;
            if (d.Byte() != 2)
            {
                throw new CorruptBlockException(Path, "postings offset table entry without exactly two strings");
            }

            var name = d.UvarintBytes();
            var value = d.UvarintBytes();
            var off = (long)d.Uvarint();
            if (off < postingsStart || off >= postingsEnd)
            {
                throw new CorruptBlockException(Path, "postings offset out of the postings section");
            }

            Section(off, "postings list");
            if (i == 0)
            {
                if (name.Length != 0 || value.Length != 0)
                {
                    throw new CorruptBlockException(Path, "postings offset table does not start with the all-series entry");
                }

                _allPostingsOffset = off;
                continue;
            }

            if (current is null || !name.SequenceEqual(currentName))
            {
                Flush();
                var nameStr = Encoding.UTF8.GetString(name);
                if (labelNames.Count > 0 && string.CompareOrdinal(labelNames[^1], nameStr) >= 0)
                {
                    throw new CorruptBlockException(Path, "postings offset table not sorted by label name");
                }

                current = new NameEntry(nameStr);
                currentName = name;
                sampleValues = [];
                sampleEntries = [];
                prevValue = null;
                labelNames.Add(nameStr);
            }

            if (current.Count % IndexFormat.PostingsOffsetSampling == 0)
            {
                var v = Encoding.UTF8.GetString(value);
                if (prevValue is not null && string.CompareOrdinal(prevValue, v) >= 0)
                {
                    throw new CorruptBlockException(Path, "postings offset table not sorted by label value");
                }

                prevValue = v;
                sampleValues!.Add(v);
                sampleEntries!.Add(entryPos);
            }

            current.Count++;
        }

        Flush();
        if (d.Remaining != 0)
        {
            throw new CorruptBlockException(Path, "trailing bytes in postings offset table");
        }

        return labelNames;

        void Flush()
        {
            if (current is not null)
            {
                current.SampleValues = [.. sampleValues!];
                current.SampleEntries = [.. sampleEntries!];
                _names.Add(current.Name, current);
            }
        }
    }

    /// <summary>The postings list at <paramref name="offset"/>: returns where its references start.</summary>
    private long PostingsAt(long offset, out int count)
    {
        var len = BinaryPrimitives.ReadUInt32BigEndian(_file.Span(offset, 4));
        count = (int)BinaryPrimitives.ReadUInt32BigEndian(_file.Span(offset + 4, 4));
        if (len != 4 + 4L * count)
        {
            throw new CorruptBlockException(Path, $"postings list at {offset}: length {len} does not match {count} entries");
        }

        return offset + 8;
    }

    /// <summary>
    /// A section at <paramref name="offset"/>: <c>len BE32 | content | CRC32C(content)</c>.
    /// Checks bounds and checksum and returns the content.
    /// </summary>
    private SectionContent Section(long offset, string what)
    {
        if (offset < 0 || offset + 4 > _file.Length)
        {
            throw new CorruptBlockException(Path, $"{what} at {offset} is outside the file");
        }

        var len = BinaryPrimitives.ReadUInt32BigEndian(_file.Span(offset, 4));
        if (len > int.MaxValue || offset + 4 + len + 4 > _file.Length)
        {
            throw new CorruptBlockException(Path, $"{what} at {offset} (length {len}) runs past the end of the file");
        }

        var content = _file.Span(offset + 4, (int)len);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(_file.Span(offset + 4 + len, 4));
        if (Crc32C.Compute(content) != crc)
        {
            throw new CorruptBlockException(Path, $"checksum mismatch in {what} at offset {offset}");
        }

        return new SectionContent(offset + 4, (int)len, content);
    }

    private DecBuf TableDecoder(long entryPos) => new(_file.Span(entryPos, (int)(_tableEnd - entryPos)));

    private readonly ref struct SectionContent(long offset, int length, ReadOnlySpan<byte> span)
    {
        public long Offset { get; } = offset;

        public int Length { get; } = length;

        public ReadOnlySpan<byte> Span { get; } = span;
    }

    /// <summary>One label name's slice of the postings offset table.</summary>
    private sealed class NameEntry(string name)
    {
        public string Name { get; } = name;

        public int Count { get; set; }

        /// <summary>Values of entries 0, 32, 64, ... (sorted).</summary>
        public string[] SampleValues { get; set; } = [];

        /// <summary>File offsets of entries 0, 32, 64, ...</summary>
        public long[] SampleEntries { get; set; } = [];
    }
}
