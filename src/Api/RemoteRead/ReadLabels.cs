using Google.Protobuf.Collections;
using Tsdb.Storage;
using ProtoLabel = Tsdb.Api.RemoteWrite.Proto.V1.Label;

namespace Tsdb.Api.RemoteRead;

/// <summary>Series labels as remote read returns them: with the server's external labels added.</summary>
internal static class ReadLabels
{
    /// <summary>
    /// Merges the sorted series labels with the sorted external labels; a series label wins over an
    /// external label of the same name (codec.go MergeLabels).
    /// </summary>
    public static void AddMerged(RepeatedField<ProtoLabel> into, Labels series, Labels external)
    {
        int i = 0, j = 0;
        while (i < series.Count || j < external.Count)
        {
            var cmp = i == series.Count ? 1 : j == external.Count ? -1 : string.CompareOrdinal(series[i].Name, external[j].Name);
            var l = cmp <= 0 ? series[i] : external[j];
            into.Add(new ProtoLabel { Name = l.Name, Value = l.Value });
            i += cmp <= 0 ? 1 : 0;
            j += cmp >= 0 ? 1 : 0;
        }
    }
}
