using Tsdb.Api.RemoteWrite.Proto.V2;

namespace Tsdb.Api.Tests.RemoteWrite;

/// <summary>Client side for tests: builds 2.0 Requests with an interned symbol table.</summary>
internal sealed class RemoteWriteV2Encoder
{
    public const string ContentType = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private readonly Dictionary<string, uint> _refs = new(StringComparer.Ordinal) { [""] = 0 };

    public Request Request { get; } = new() { Symbols = { "" } };

    public uint Ref(string s)
    {
        if (!_refs.TryGetValue(s, out var r))
        {
            r = (uint)Request.Symbols.Count;
            Request.Symbols.Add(s);
            _refs[s] = r;
        }

        return r;
    }

    public TimeSeries Add(string[] nameValues, params (long T, double V)[] samples)
    {
        var ts = new TimeSeries();
        foreach (var s in nameValues)
        {
            ts.LabelsRefs.Add(Ref(s));
        }

        foreach (var (t, v) in samples)
        {
            ts.Samples.Add(new Sample { Timestamp = t, Value = v });
        }

        Request.Timeseries.Add(ts);
        return ts;
    }
}
