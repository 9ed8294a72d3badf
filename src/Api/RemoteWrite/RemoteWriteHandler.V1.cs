using System.Text;
using Google.Protobuf;
using Tsdb.Api.RemoteWrite.Proto.V1;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// Remote write 1.0. The request is read in place with <see cref="ProtoReader"/> rather than
/// materialised as protobuf objects: Prometheus sends every sample with its whole label set, so a
/// request of 2,000 samples would otherwise mean some 30,000 strings. A series already in the head is
/// found through <see cref="SeriesRefCache"/> from its label bytes; only a new series (or one whose
/// labels are not sent sorted) gets its labels decoded, validated and looked up the ordinary way.
/// </summary>
public sealed partial class RemoteWriteHandler
{
    private const uint TimeSeriesTag = (1 << 3) | ProtoReader.WireLength;
    private const uint MetadataTag = (3 << 3) | ProtoReader.WireLength;

    // Proto3 strings must be UTF-8; Google.Protobuf refuses a message with invalid UTF-8, so do we.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SeriesRefCache? _cache;
    private AppenderPool? _appenders;

    private async Task<WriteOutcome> WriteV1Async(RequestBody body, Db db, CancellationToken ct)
    {
        var pool = _appenders;
        if (pool is null || pool.Head != db.Head)
        {
            _appenders = pool = new AppenderPool(db.Head);
        }

        var app = pool.Rent();
        WriteOutcome outcome;
        try
        {
            outcome = AppendV1(body.Span, db.Head, app);
        }
        catch
        {
            // A malformed request stores nothing, as if it had failed to parse as a whole.
            app.Rollback();
            pool.Return(app);
            throw;
        }

        // Commit always leaves the appender empty (it clears itself even when logging throws).
        var commit = app.CommitAsync(ct);
        pool.Return(app);
        outcome.Result = await commit.ConfigureAwait(false);
        CountSamples(outcome.Result);
        if (outcome.Result.OutOfOrder + outcome.Result.Duplicates > 0)
        {
            // Rare (a sender's retry, or a real conflict): decode the request again, the plain way.
            outcome.MissingAfterCommit = RetryCheck.MissingSamples(db, WrittenSeries(body.Span), static samples => samples);
        }

        return outcome;
    }

    private WriteOutcome AppendV1(ReadOnlySpan<byte> request, Head head, HeadAppender app)
    {
        var outcome = new WriteOutcome();
        var cache = _cache;
        if (cache is null || cache.Head != head)
        {
            _cache = cache = new SeriesRefCache(head);
        }

        List<Storage.Label>? scratch = null;
        MemSeries? previous = null;
        var r = new ProtoReader(request);
        while (!r.End)
        {
            var tag = r.ReadTag();
            switch (tag)
            {
                case TimeSeriesTag:
                    previous = AppendSeries(SeriesEntry.Scan(r.ReadLengthDelimited()), head, app, cache, outcome, ref scratch, previous);
                    break;
                case MetadataTag:
                    SetMetadata(r.ReadLengthDelimited());
                    break;
                default:
                    r.SkipField(tag);
                    break;
            }
        }

        return outcome;
    }

    /// <summary>Appends one entry's samples; returns the series they went to (null if none), the hint for the next entry.</summary>
    private static MemSeries? AppendSeries(SeriesEntry entry, Head head, HeadAppender app, SeriesRefCache cache, WriteOutcome outcome, ref List<Storage.Label>? scratch, MemSeries? previous)
    {
        if (entry.SampleCount == 0 && entry.HistogramCount == 0)
        {
            // Nothing to store, but its strings must still be valid UTF-8.
            DecodeLabels(entry, scratch ??= new List<Storage.Label>(16));
            return previous;
        }

        var cacheable = entry.LabelsContiguous && entry.LabelCount > 0;
        ulong hash = 0;
        MemSeries? series = null;
        if (cacheable)
        {
            // Senders repeat their series order, so the series that followed the previous entry's last
            // time is usually this one: one comparison, no hash, no random probe into the cache.
            var guess = previous?.NextHint;
            if (guess is not null && !guess.Deleted && SeriesRefCache.SameLabels(guess.Labels, entry.LabelFields))
            {
                series = guess;
            }
            else
            {
                hash = SeriesRefCache.Hash(entry.LabelFields);
                series = cache.Find(hash, entry.LabelFields);
            }
        }

        Labels labels;
        if (series is not null)
        {
            labels = series.Labels;
        }
        else
        {
            scratch ??= new List<Storage.Label>(16);
            DecodeLabels(entry, scratch);
            var built = SeriesLabels.Build(scratch, out var problem);
            if (built is null)
            {
                outcome.RejectSeries(entry.SampleCount + entry.HistogramCount, problem!);
                return previous;
            }

            labels = built;
        }

        if (entry.HistogramCount > 0)
        {
            outcome.RejectSeries(entry.HistogramCount, $"native histograms are not supported: {entry.HistogramCount} histogram samples for series {labels}");
            if (entry.SampleCount == 0)
            {
                return previous;
            }
        }

        if (series is null)
        {
            series = head.GetOrCreate(labels);
            if (cacheable)
            {
                cache.Add(hash, entry.LabelFields, series);
            }
        }

        var samples = new ProtoReader(entry.Message[entry.SamplesFrom..]);
        while (SeriesEntry.NextSample(ref samples, out var t, out var v))
        {
            series = app.Append(series, t, v);
        }

        if (previous is not null && !ReferenceEquals(previous.NextHint, series))
        {
            previous.NextHint = series;
        }

        return series;
    }

    /// <summary>The entry's labels as strings (into <paramref name="into"/>, cleared first); throws on invalid UTF-8.</summary>
    private static void DecodeLabels(SeriesEntry entry, List<Storage.Label> into)
    {
        into.Clear();
        var r = new ProtoReader(entry.LabelSource);
        while (SeriesEntry.NextLabel(ref r, out var name, out var value))
        {
            into.Add(new Storage.Label(DecodeString(name), DecodeString(value)));
        }
    }

    private static string DecodeString(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            ProtoReader.ThrowMalformed("a string field is not valid UTF-8");
            return "";
        }
    }

    private void SetMetadata(ReadOnlySpan<byte> bytes)
    {
        MetricMetadata m;
        try
        {
            m = MetricMetadata.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            ProtoReader.ThrowMalformed(e.Message);
            return;
        }

        if (m.MetricFamilyName.Length != 0)
        {
            Metadata.Set(m.MetricFamilyName, new MetricMetadataEntry(MetadataTypes.Name(m.Type), m.Help, m.Unit));
        }
    }

    /// <summary>The request's storable series with their samples, for <see cref="RetryCheck"/>.</summary>
    private static List<(Labels, List<(long T, double V)>)> WrittenSeries(ReadOnlySpan<byte> request)
    {
        var written = new List<(Labels, List<(long, double)>)>();
        var scratch = new List<Storage.Label>(16);
        var r = new ProtoReader(request);
        while (!r.End)
        {
            var tag = r.ReadTag();
            if (tag != TimeSeriesTag)
            {
                r.SkipField(tag);
                continue;
            }

            var entry = SeriesEntry.Scan(r.ReadLengthDelimited());
            if (entry.SampleCount == 0)
            {
                continue;
            }

            DecodeLabels(entry, scratch);
            if (SeriesLabels.Build(scratch, out _) is not { } labels)
            {
                continue;
            }

            var samples = new List<(long, double)>(entry.SampleCount);
            var s = new ProtoReader(entry.Message[entry.SamplesFrom..]);
            while (SeriesEntry.NextSample(ref s, out var t, out var v))
            {
                samples.Add((t, v));
            }

            written.Add((labels, samples));
        }

        return written;
    }
}
