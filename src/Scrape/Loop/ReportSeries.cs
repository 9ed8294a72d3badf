using Tsdb.Storage;

namespace Tsdb.Scrape.Loop;

/// <summary>
/// The synthetic series written after every scrape (scrape.go report), with the target labels and
/// no metric relabeling. Label sets and refs are built once per target.
/// </summary>
internal sealed class ReportSeries
{
    private readonly Labels[] _labels;
    private readonly ulong[] _refs = new ulong[5];

    public ReportSeries(Labels target)
    {
        string[] names = ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];
        _labels = new Labels[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var b = new LabelsBuilder(target);
            b.Set(Label.MetricName, names[i]);
            _labels[i] = b.Build();
        }
    }

    public void Append(HeadAppender app, long ts, double up, double durationSeconds, double scraped, double postRelabel, double seriesAdded)
    {
        _refs[0] = app.Append(_refs[0], _labels[0], ts, up);
        _refs[1] = app.Append(_refs[1], _labels[1], ts, durationSeconds);
        _refs[2] = app.Append(_refs[2], _labels[2], ts, scraped);
        _refs[3] = app.Append(_refs[3], _labels[3], ts, postRelabel);
        _refs[4] = app.Append(_refs[4], _labels[4], ts, seriesAdded);
    }
}
