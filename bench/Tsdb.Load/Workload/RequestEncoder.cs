using Google.Protobuf;
using Snappier;
using Tsdb.Load.Proto;

namespace Tsdb.Load.Workload;

/// <summary>
/// Encodes the whole workload before the timed phase. Series are split over the senders as
/// Prometheus shards them (series i goes to sender i mod N), so each series' samples leave one
/// sender in time order and concurrent senders never make them out of order.
/// </summary>
internal static class RequestEncoder
{
    public static List<EncodedRequest>[] Encode(WorkloadSpec spec, SeriesSet set)
    {
        var senders = spec.Senders;
        var queues = new List<EncodedRequest>[senders];
        var pending = new Batch[senders];
        var owned = new int[senders][];
        for (var s = 0; s < senders; s++)
        {
            queues[s] = [];
            pending[s] = new Batch(spec.SamplesPerRequest);
            owned[s] = Enumerable.Range(0, set.Count).Where(i => i % senders == s).ToArray();
        }

        // One sample per entry means windows of one interval; otherwise each entry holds a window of samples.
        var window = spec.Shape == RequestShape.PerSample ? 1 : Math.Min(spec.SamplesPerEntry, spec.SamplesPerSeries);
        var values = new double[window * set.Count];
        for (var first = 0; first < spec.SamplesPerSeries; first += window)
        {
            var steps = Math.Min(window, spec.SamplesPerSeries - first);
            // Values are generated time-major on one thread: groups span senders and must advance once per step.
            for (var step = 0; step < steps; step++)
            {
                var row = values.AsSpan(step * set.Count, set.Count);
                foreach (var group in set.Groups)
                {
                    group.Step(row.Slice(group.FirstSeries, group.Emitted));
                }
            }

            Parallel.For(0, senders, s =>
            {
                if (spec.Shape == RequestShape.PerSample)
                {
                    AppendPerSample(spec, set, values, first, owned[s], pending[s], queues[s]);
                }
                else
                {
                    AppendPerSeries(spec, set, values, first, steps, owned[s], pending[s], queues[s]);
                }
            });
        }

        for (var s = 0; s < senders; s++)
        {
            pending[s].Flush(queues[s]);
        }

        return queues;
    }

    private static void AppendPerSample(WorkloadSpec spec, SeriesSet set, double[] values, int step, int[] series, Batch batch, List<EncodedRequest> queue)
    {
        var baseMs = Timestamp(spec, step);
        foreach (var i in series)
        {
            var entry = new TimeSeries();
            entry.Labels.AddRange(set.Labels[i]);
            entry.Samples.Add(new Sample { Timestamp = baseMs - set.OffsetMs[i], Value = values[i] });
            batch.Add(entry, 1, queue);
        }
    }

    private static void AppendPerSeries(WorkloadSpec spec, SeriesSet set, double[] values, int first, int steps, int[] series, Batch batch, List<EncodedRequest> queue)
    {
        foreach (var i in series)
        {
            var entry = new TimeSeries();
            entry.Labels.AddRange(set.Labels[i]);
            for (var step = 0; step < steps; step++)
            {
                entry.Samples.Add(new Sample { Timestamp = Timestamp(spec, first + step) - set.OffsetMs[i], Value = values[step * set.Count + i] });
            }

            batch.Add(entry, steps, queue);
        }
    }

    private static long Timestamp(WorkloadSpec spec, int step) => spec.EndMs - (spec.SamplesPerSeries - 1L - step) * spec.IntervalMs;

    /// <summary>The request a sender is filling; flushed when the next entry would exceed the sample budget.</summary>
    private sealed class Batch(int samplesPerRequest)
    {
        private WriteRequest _request = new();
        private int _samples;

        public void Add(TimeSeries entry, int samples, List<EncodedRequest> queue)
        {
            if (_samples > 0 && _samples + samples > samplesPerRequest)
            {
                Flush(queue);
            }

            _request.Timeseries.Add(entry);
            _samples += samples;
        }

        public void Flush(List<EncodedRequest> queue)
        {
            if (_samples == 0)
            {
                return;
            }

            var raw = _request.ToByteArray();
            queue.Add(new EncodedRequest(Snappy.CompressToArray(raw), _samples, raw.Length));
            _request = new WriteRequest();
            _samples = 0;
        }
    }
}
