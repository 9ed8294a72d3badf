using Tsdb.Storage.Codecs;
using System.Buffers.Binary;
using System.Globalization;
using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Reads chunks of a block from its memory-mapped segment files without copying: the returned
/// chunk's <see cref="IChunk.Bytes"/> is a slice of the mapping.
/// <para>
/// Verification policy. On open: every segment file <c>000001..N</c> must be contiguous, have the
/// magic and version, and the last chunk the index references in each segment must lie fully
/// inside the file with a valid CRC; this catches truncation without reading whole segments
/// (which can be 512 MiB each). On read: each chunk's CRC32C is verified. With the hardware CRC
/// instruction that costs tens of nanoseconds for a typical ~150-byte chunk, a few percent of
/// decoding its 120 samples, and it turns silent bit rot into a <see cref="CorruptBlockException"/>
/// rather than wrong query results.
/// </para>
/// </summary>
internal sealed class BlockChunkReader
{
    private readonly MappedFile[] _segments;

    private BlockChunkReader(MappedFile[] segments) => _segments = segments;

    public long SizeBytes
    {
        get
        {
            long n = 0;
            foreach (var s in _segments)
            {
                n += s.Length;
            }

            return n;
        }
    }

    /// <summary>Maps the segments in <paramref name="chunksDir"/> and checks them against the references in the index.</summary>
    public static BlockChunkReader Open(string chunksDir, IReadOnlyDictionary<int, uint> maxChunkOffsets)
    {
        if (!Directory.Exists(chunksDir))
        {
            throw new CorruptBlockException(chunksDir, "chunks directory is missing");
        }

        var files = new List<(int Seq, string Path)>();
        foreach (var f in Directory.EnumerateFiles(chunksDir))
        {
            var name = Path.GetFileName(f);
            if (name.Length == 6 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                files.Add((seq, f));
            }
        }

        files.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        var segments = new List<MappedFile>(files.Count);
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                if (files[i].Seq != i + 1)
                {
                    throw new CorruptBlockException(chunksDir, $"chunk segment {BlockDirs.SegmentFileName(i + 1)} is missing");
                }

                var m = MappedFile.Open(files[i].Path);
                segments.Add(m);
                if (m.Length > int.MaxValue)
                {
                    throw new CorruptBlockException(m.Path, "chunk segment larger than 2 GiB");
                }

                var header = m.SpanAtMost(0, ChunkSegmentFormat.HeaderSize);
                if (header.Length < ChunkSegmentFormat.HeaderSize || BinaryPrimitives.ReadUInt32BigEndian(header) != ChunkSegmentFormat.Magic)
                {
                    throw new CorruptBlockException(m.Path, "bad chunk segment magic");
                }

                if (header[4] != ChunkSegmentFormat.Version)
                {
                    throw new CorruptBlockException(m.Path, $"unsupported chunk segment version {header[4]}");
                }
            }

            var reader = new BlockChunkReader([.. segments]);
            foreach (var (seg, off) in maxChunkOffsets)
            {
                if (seg >= segments.Count)
                {
                    throw new CorruptBlockException(Path.Combine(chunksDir, BlockDirs.SegmentFileName(seg + 1)), "chunk segment referenced by the index is missing");
                }

                // Decodes and checksums the last chunk: throws when the file was truncated.
                reader.Chunk(new ChunkMeta(ChunkSegmentFormat.Ref(seg, off), 0, 0));
            }

            return reader;
        }
        catch
        {
            foreach (var s in segments)
            {
                s.Close();
            }

            throw;
        }
    }

    public IChunk Chunk(in ChunkMeta meta)
    {
        var seg = ChunkSegmentFormat.SegmentIndex(meta.Ref);
        var off = ChunkSegmentFormat.Offset(meta.Ref);
        if (seg >= _segments.Length)
        {
            throw new CorruptBlockException(_segments.Length > 0 ? _segments[0].Path : "chunks", $"chunk reference {meta.Ref:x} names segment {seg + 1} of {_segments.Length}");
        }

        var file = _segments[seg];
        try
        {
            if (off < ChunkSegmentFormat.HeaderSize)
            {
                throw new InvalidDataException("offset inside the segment header");
            }

            var head = new DecBuf(file.SpanAtMost(off, 5));
            var len = head.UvarintInt();
            var encStart = off + head.Position;
            if (encStart + 1L + len + 4 > file.Length)
            {
                throw new InvalidDataException($"chunk of {len} bytes runs past the end of the file ({file.Length} bytes; truncated?)");
            }

            var encAndData = file.Span(encStart, 1 + len);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(file.Span(encStart + 1 + len, 4));
            if (Crc32C.Compute(encAndData) != stored)
            {
                throw new InvalidDataException("chunk checksum mismatch");
            }

            return ChunkFactory.FromData((ChunkEncoding)encAndData[0], file.Memory.Slice((int)encStart + 1, len));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new CorruptBlockException(file.Path, $"chunk at offset {off}: {e.Message}", e);
        }
    }

    public void Close()
    {
        foreach (var s in _segments)
        {
            s.Close();
        }
    }
}
