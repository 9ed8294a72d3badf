using System.Buffers.Binary;
using Tsdb.Storage.Blocks;
using Tsdb.Storage.Codecs;
using Tsdb.Storage.IO;

namespace Tsdb.Storage.Tombstones;

/// <summary>
/// A block's <c>tombstones</c> file, byte-compatible with Prometheus (tsdb/docs/format/tombstones.md):
/// <code>
/// magic 0x0130BA30 (BE32) | version 1 (byte) | { uvarint ref, varint mint, varint maxt }* | CRC32C of the entries (BE32)
/// </code>
/// One entry per interval, so a series with several intervals repeats its ref. A missing file means
/// no deletions.
/// </summary>
public static class TombstoneFile
{
    public const string FileName = "tombstones";
    public const uint Magic = 0x0130BA30;
    public const byte Version = 1;

    private const int HeaderSize = 5;
    private const int CrcSize = 4;

    public static byte[] Encode(TombstoneSet stones)
    {
        ArgumentNullException.ThrowIfNull(stones);
        var buf = new EncBuf(256);
        buf.PutBE32(Magic);
        buf.PutByte(Version);
        foreach (var (r, ivs) in stones.All())
        {
            foreach (var iv in ivs)
            {
                buf.PutUvarint(r);
                buf.PutVarint(iv.MinT);
                buf.PutVarint(iv.MaxT);
            }
        }

        var crc = Crc32C.Compute(buf.Span[HeaderSize..]);
        buf.PutBE32(crc);
        return buf.Span.ToArray();
    }

    /// <summary>Decodes a file's bytes; throws <see cref="InvalidDataException"/> on a bad size, magic, version or checksum.</summary>
    public static TombstoneSet Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize + CrcSize)
        {
            throw new InvalidDataException("tombstones header: invalid size");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data) != Magic)
        {
            throw new InvalidDataException("invalid magic number");
        }

        var body = data[HeaderSize..^CrcSize];
        if (BinaryPrimitives.ReadUInt32BigEndian(data[^CrcSize..]) != Crc32C.Compute(body))
        {
            throw new InvalidDataException("checksum did not match");
        }

        if (data[4] != Version)
        {
            throw new InvalidDataException($"invalid tombstones format version {data[4]}");
        }

        var d = new DecBuf(body);
        var stones = new List<(ulong, Interval)>();
        while (d.Remaining > 0)
        {
            var r = d.Uvarint();
            var mint = d.Varint();
            var maxt = d.Varint();
            stones.Add((r, new Interval(mint, maxt)));
        }

        var set = new TombstoneSet();
        set.AddAll(stones);
        return set;
    }

    /// <summary>Reads <c>&lt;dir&gt;/tombstones</c>; empty when absent, <see cref="CorruptBlockException"/> when damaged.</summary>
    public static TombstoneSet Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new TombstoneSet();
        }

        try
        {
            return Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new CorruptBlockException(path, "invalid tombstones: " + e.Message, e);
        }
    }

    /// <summary>
    /// Replaces <c>&lt;dir&gt;/tombstones</c> atomically: written to a temp file, fsynced, renamed over
    /// the old one, directory fsynced. A crash leaves the old or the new file, never a torn one.
    /// </summary>
    public static void Write(string dir, TombstoneSet stones) => WriteAtomically(Path.Combine(dir, FileName), Encode(stones));

    /// <summary>temp → fsync → rename → fsync dir; also used for meta.json updates.</summary>
    internal static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var tmp = path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            f.Write(bytes);
            f.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
        FileSync.SyncDirectory(Path.GetDirectoryName(path)!);
    }
}
