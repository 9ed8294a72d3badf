using System.Buffers.Binary;
using Google.Protobuf;
using Tsdb.Api.RemoteWrite.Proto.V1;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// One <c>TimeSeries</c> of a 1.0 <c>WriteRequest</c>, scanned once in place: where its label fields
/// are and how many samples and histograms it has. Labels and samples are then read as spans of the
/// request buffer (<see cref="NextLabel"/>, <see cref="NextSample"/>), so a series the head already
/// holds costs no allocation.
/// </summary>
internal readonly ref struct SeriesEntry
{
    private const uint LabelTag = (1 << 3) | ProtoReader.WireLength;
    private const uint SampleTag = (2 << 3) | ProtoReader.WireLength;
    private const uint ExemplarTag = (3 << 3) | ProtoReader.WireLength;
    private const uint HistogramTag = (4 << 3) | ProtoReader.WireLength;
    private const uint NameTag = (1 << 3) | ProtoReader.WireLength;
    private const uint ValueTag = (2 << 3) | ProtoReader.WireLength;
    private const uint SampleValueTag = (1 << 3) | ProtoReader.WireFixed64;
    private const uint SampleTimestampTag = (2 << 3) | ProtoReader.WireVarint;

    private SeriesEntry(ReadOnlySpan<byte> message, ReadOnlySpan<byte> labelFields, bool contiguous, int labelCount, int sampleCount, int histogramCount, int samplesFrom)
    {
        Message = message;
        LabelFields = labelFields;
        LabelsContiguous = contiguous;
        LabelCount = labelCount;
        SampleCount = sampleCount;
        HistogramCount = histogramCount;
        SamplesFrom = samplesFrom;
    }

    public ReadOnlySpan<byte> Message { get; }

    /// <summary>
    /// The encoded label fields, from the first to the last. Only label fields when
    /// <see cref="LabelsContiguous"/> (senders write labels first, so that is the rule): then these
    /// bytes identify the label set as sent and serve as a cache key.
    /// </summary>
    public ReadOnlySpan<byte> LabelFields { get; }

    public bool LabelsContiguous { get; }

    public int LabelCount { get; }

    public int SampleCount { get; }

    public int HistogramCount { get; }

    /// <summary>Offset in <see cref="Message"/> of the first sample field.</summary>
    public int SamplesFrom { get; }

    /// <summary>Where to read labels from: the label fields alone when contiguous, else the whole message.</summary>
    public ReadOnlySpan<byte> LabelSource => LabelsContiguous ? LabelFields : Message;

    public static SeriesEntry Scan(ReadOnlySpan<byte> message)
    {
        var r = new ProtoReader(message);
        int labelStart = -1, labelEnd = 0, labels = 0, samples = 0, histograms = 0, samplesFrom = message.Length;
        var contiguous = true;
        while (!r.End)
        {
            var start = r.Position;
            var tag = r.ReadTag();
            switch (tag)
            {
                case LabelTag:
                    r.ReadLengthDelimited();
                    if (labelStart < 0)
                    {
                        labelStart = start;
                    }
                    else if (labelEnd != start)
                    {
                        contiguous = false;
                    }

                    labelEnd = r.Position;
                    labels++;
                    break;
                case SampleTag:
                    r.ReadLengthDelimited();
                    samplesFrom = Math.Min(samplesFrom, start);
                    samples++;
                    break;
                case ExemplarTag:
                    // Not stored, but a malformed one refuses the request as the full parser would.
                    Validate(Exemplar.Parser, r.ReadLengthDelimited());
                    break;
                case HistogramTag:
                    Validate(Histogram.Parser, r.ReadLengthDelimited());
                    histograms++;
                    break;
                default:
                    r.SkipField(tag);
                    break;
            }
        }

        var fields = labelStart < 0 ? default : message[labelStart..labelEnd];
        return new SeriesEntry(message, fields, contiguous, labels, samples, histograms, samplesFrom);
    }

    /// <summary>Reads the next label of <paramref name="source"/> (a <see cref="LabelSource"/>); false at the end.</summary>
    public static bool NextLabel(ref ProtoReader source, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (!source.End)
        {
            var tag = source.ReadTag();
            if (tag != LabelTag)
            {
                source.SkipField(tag);
                continue;
            }

            ReadLabel(source.ReadLengthDelimited(), out name, out value);
            return true;
        }

        name = default;
        value = default;
        return false;
    }

    /// <summary>Reads the next sample; <paramref name="r"/> starts at <see cref="SamplesFrom"/> of <see cref="Message"/>.</summary>
    public static bool NextSample(ref ProtoReader r, out long t, out double v)
    {
        while (!r.End)
        {
            var tag = r.ReadTag();
            if (tag != SampleTag)
            {
                r.SkipField(tag);
                continue;
            }

            ReadSample(r.ReadLengthDelimited(), out t, out v);
            return true;
        }

        t = 0;
        v = 0;
        return false;
    }

    private static void ReadLabel(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        // Proto3: absent fields are empty, a repeated one counts as its last occurrence.
        name = default;
        value = default;
        var r = new ProtoReader(message);
        while (!r.End)
        {
            var tag = r.ReadTag();
            switch (tag)
            {
                case NameTag:
                    name = r.ReadLengthDelimited();
                    break;
                case ValueTag:
                    value = r.ReadLengthDelimited();
                    break;
                default:
                    r.SkipField(tag);
                    break;
            }
        }
    }

    private static void ReadSample(ReadOnlySpan<byte> message, out long t, out double v)
    {
        // What every sender writes: value (tag, 8 bytes), then timestamp (tag, varint) to the end.
        if (message.Length >= 11 && message[0] == SampleValueTag && message[9] == SampleTimestampTag)
        {
            var tail = new ProtoReader(message[10..]);
            var ts = tail.ReadVarint();
            if (tail.End)
            {
                v = BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(message.Slice(1, 8)));
                t = (long)ts;
                return;
            }
        }

        t = 0;
        v = 0;
        var r = new ProtoReader(message);
        while (!r.End)
        {
            var tag = r.ReadTag();
            switch (tag)
            {
                case SampleValueTag:
                    v = BitConverter.UInt64BitsToDouble(r.ReadFixed64());
                    break;
                case SampleTimestampTag:
                    t = (long)r.ReadVarint();
                    break;
                default:
                    r.SkipField(tag);
                    break;
            }
        }
    }

    private static void Validate<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes)
        where T : IMessage<T>
    {
        try
        {
            parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            ProtoReader.ThrowMalformed(e.Message);
        }
    }
}
