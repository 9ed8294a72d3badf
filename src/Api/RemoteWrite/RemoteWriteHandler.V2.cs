using Google.Protobuf;
using Tsdb.Api.RemoteWrite.Proto.V2;
using V2Metadata = Tsdb.Api.RemoteWrite.Proto.V2.Metadata;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>Remote write 2.0: symbol table, label refs, samples and metadata.</summary>
public sealed partial class RemoteWriteHandler
{
    public const string SamplesWrittenHeader = "X-Prometheus-Remote-Write-Samples-Written";
    public const string HistogramsWrittenHeader = "X-Prometheus-Remote-Write-Histograms-Written";
    public const string ExemplarsWrittenHeader = "X-Prometheus-Remote-Write-Exemplars-Written";

    private static void SetWrittenHeaders(HttpResponse response, long samples, long histograms, long exemplars)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.Headers[SamplesWrittenHeader] = samples.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[HistogramsWrittenHeader] = histograms.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[ExemplarsWrittenHeader] = exemplars.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Request ParseV2(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Request.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RemoteWriteException(StatusCodes.Status400BadRequest, $"protobuf decode error: {e.Message}");
        }
    }

    private async Task<WriteOutcome> WriteV2Async(Request request, Db db, CancellationToken ct)
    {
        var symbols = request.Symbols;
        var outcome = new WriteOutcome();
        var app = db.Appender();
        var scratch = new List<Storage.Label>(16);
        var written = new List<(Labels, TimeSeries)>(request.Timeseries.Count);
        foreach (var ts in request.Timeseries)
        {
            var count = ts.Samples.Count + ts.Histograms.Count;
            if (!TryResolve(symbols, ts.LabelsRefs, scratch, out var refProblem))
            {
                outcome.RejectSeries(count, refProblem!);
                continue;
            }

            var labels = SeriesLabels.Build(scratch, out var problem);
            if (labels is null)
            {
                outcome.RejectSeries(count, problem!);
                continue;
            }

            if (ts.Metadata is { } md && (md.Type != V2Metadata.Types.MetricType.Unspecified || md.HelpRef != 0 || md.UnitRef != 0))
            {
                if (md.HelpRef < symbols.Count && md.UnitRef < symbols.Count)
                {
                    Metadata.Set(labels.MetricName, new MetricMetadataEntry(MetadataTypes.Name(md.Type), symbols[(int)md.HelpRef], symbols[(int)md.UnitRef]));
                }
                else
                {
                    outcome.RejectSeries(0, $"metadata symbol reference out of range (symbols: {symbols.Count}) for series {labels}");
                }
            }

            if (ts.Samples.Count == 0 && ts.Histograms.Count == 0)
            {
                // Metadata-only series are fine; nothing else to do.
                continue;
            }

            if (ts.Histograms.Count > 0)
            {
                outcome.RejectSeries(ts.Histograms.Count, $"native histograms are not supported: {ts.Histograms.Count} histogram samples for series {labels}");
            }

            if (ts.Samples.Count == 0)
            {
                continue;
            }

            written.Add((labels, ts));
            ulong seriesRef = 0;
            foreach (var s in ts.Samples)
            {
                seriesRef = app.Append(seriesRef, labels, s.Timestamp, s.Value);
            }
        }

        return await CommitAsync(app, db, outcome, written, static ts => ts.Samples.Select(static s => (s.Timestamp, s.Value)), ct).ConfigureAwait(false);
    }

    /// <summary>Resolves (name_ref, value_ref) pairs through the symbol table.</summary>
    private static bool TryResolve(IReadOnlyList<string> symbols, IReadOnlyList<uint> refs, List<Storage.Label> into, out string? problem)
    {
        into.Clear();
        if (refs.Count % 2 != 0)
        {
            problem = $"labels_refs has odd length {refs.Count}; expected (name, value) pairs";
            return false;
        }

        for (var i = 0; i < refs.Count; i += 2)
        {
            var n = refs[i];
            var v = refs[i + 1];
            if (n >= symbols.Count || v >= symbols.Count)
            {
                problem = $"labels_refs [{n}, {v}] out of range: the request has {symbols.Count} symbols";
                return false;
            }

            into.Add(new Storage.Label(symbols[(int)n], symbols[(int)v]));
        }

        problem = null;
        return true;
    }
}
