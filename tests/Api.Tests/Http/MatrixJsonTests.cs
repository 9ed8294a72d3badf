using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FsCheck.Xunit;
using Tsdb.Api.Http;
using Tsdb.PromQL;
using Tsdb.Storage;
using Tsdb.Tests.Shared;

namespace Tsdb.Api.Tests.Http;

public class MatrixJsonTests
{
    [Property(MaxTest = 500)]
    public bool FloatTextRoundTrips(double f)
    {
        var text = PromJson.FormatFloat(f);
        if (double.IsNaN(f))
        {
            return text == "NaN";
        }

        var back = double.Parse(text.Replace("Inf", "Infinity", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
        return back.Equals(f) && !text.Contains('E', StringComparison.Ordinal);
    }

    [Fact]
    public void WritingAMatrixAllocatesNothingPerPoint()
    {
        // 1 000 series x 240 points, written into a reused buffer: only the writer's own state may allocate.
        var rng = new Random(7);
        var series = new List<Series>();
        for (var i = 0; i < 1000; i++)
        {
            var points = new List<Sample>();
            for (var p = 0; p < 240; p++)
            {
                points.Add(new Sample(1_700_000_000_000 + (p * 15_000) + (p % 3), rng.NextDouble() * Math.Pow(10, rng.Next(-8, 22))));
            }

            series.Add(new Series(Labels.FromStrings("__name__", "m", "instance", "i" + i), points));
        }

        var value = new MatrixValue(series);
        var buffer = new ArrayBufferWriter<byte>(64 << 20);
        using var writer = new Utf8JsonWriter(buffer);
        void Write()
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            ApiResponse.WriteQueryData(writer, value);
            writer.Flush();
        }

        Write();
        using (var doc = JsonDocument.Parse(buffer.WrittenMemory))
        {
            var first = doc.RootElement.GetProperty("result")[0].GetProperty("values")[1];
            Assert.Equal(1_700_000_015.001, first[0].GetDouble(), 3);
            Assert.Equal(series[0].Points[1].V, double.Parse(first[1].GetString()!, CultureInfo.InvariantCulture));
        }

        var bytes = AllocationProbe.LeastAllocated(Write, warmups: 2, rounds: 3);
        Assert.True(bytes < 240_000 / 10, $"{bytes} B allocated for 240 000 points");
    }
}
