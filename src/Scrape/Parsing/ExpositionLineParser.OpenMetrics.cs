using System.Text.Unicode;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// OpenMetrics 1.0 as Prometheus's openmetricslex.l/openmetricsparse.go read it: exactly one space
/// between tokens and none inside label sets, no blank lines, only HELP/TYPE/UNIT/EOF comments,
/// float-second timestamps, optional exemplars, and nothing after <c># EOF</c>.
/// </summary>
internal sealed partial class ExpositionLineParser
{
    private void ParseOpenMetricsLine(ReadOnlySpan<byte> line)
    {
        if (_eofSeen)
        {
            throw ParseErrors.Message("unexpected data after # EOF", _lineNumber);
        }

        if (line.IsEmpty)
        {
            throw ParseErrors.Expected("expected a valid start token", line, 0, _lineNumber);
        }

        if (line[0] == (byte)'#')
        {
            ParseOpenMetricsComment(line);
            return;
        }

        ParseOpenMetricsSample(line);
    }

    private void ParseOpenMetricsComment(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("# EOF"u8))
        {
            // Prometheus lexes "EOF" as a word, so anything glued to it is data after the end.
            if (line.Length > 5)
            {
                throw ParseErrors.Message("unexpected data after # EOF", _lineNumber);
            }

            _eofSeen = true;
            return;
        }

        MetadataField field;
        string keyword;
        if (line.StartsWith("# HELP "u8))
        {
            field = MetadataField.Help;
            keyword = "HELP";
        }
        else if (line.StartsWith("# TYPE "u8))
        {
            field = MetadataField.Type;
            keyword = "TYPE";
        }
        else if (line.StartsWith("# UNIT "u8))
        {
            field = MetadataField.Unit;
            keyword = "UNIT";
        }
        else
        {
            throw ParseErrors.Expected("expected a valid start token", line, 0, _lineNumber);
        }

        var pos = 7;
        var name = ScanMetadataName(line, ref pos, keyword);
        if (pos >= line.Length || line[pos] != (byte)' ')
        {
            throw ParseErrors.Message($"expected text in {keyword}", _lineNumber);
        }

        var text = line[(pos + 1)..];
        switch (field)
        {
            case MetadataField.Type:
                if (!IsOpenMetricsType(text))
                {
                    throw ParseErrors.Message($"invalid metric type {ParseErrors.Quote(text)}", _lineNumber);
                }

                // Only "histogram", not "gaugehistogram", canonicalises le (normalizeFloatsInLabelValues).
                _floatLabel = text.SequenceEqual("histogram"u8) ? FloatLabel.Le : text.SequenceEqual("summary"u8) ? FloatLabel.Quantile : FloatLabel.None;
                _handler.OnMetadata(name, field, text);
                return;
            case MetadataField.Unit:
                // A non-empty unit must be the family name's "_<unit>" suffix.
                if (!text.IsEmpty && (name.Length < text.Length + 1 || !name.EndsWith(text) || name[name.Length - text.Length - 1] != (byte)'_'))
                {
                    throw ParseErrors.Message($"unit {ParseErrors.Quote(text)} not a suffix of metric {ParseErrors.Quote(name)}", _lineNumber);
                }

                _handler.OnMetadata(name, field, text);
                return;
            default:
                if (!Utf8.IsValid(text))
                {
                    throw ParseErrors.Message($"help text {ParseErrors.Quote(text)} is not a valid utf8 string", _lineNumber);
                }

                _handler.OnMetadata(name, field, UnescapeHelp(text, quoteEscapes: true));
                return;
        }
    }

    private static bool IsOpenMetricsType(ReadOnlySpan<byte> t) =>
        t.SequenceEqual("counter"u8) || t.SequenceEqual("gauge"u8) || t.SequenceEqual("histogram"u8)
        || t.SequenceEqual("gaugehistogram"u8) || t.SequenceEqual("summary"u8) || t.SequenceEqual("info"u8)
        || t.SequenceEqual("stateset"u8) || t.SequenceEqual("unknown"u8);

    private void ParseOpenMetricsSample(ReadOnlySpan<byte> line)
    {
        var pos = 0;
        var nameSet = false;
        if (IsMetricNameStart(line[0]))
        {
            pos = ScanMetricName(line, 0);
            nameSet = true;
            if (pos < line.Length && line[pos] == (byte)'{')
            {
                pos = ScanLabels(line, pos + 1, blanks: false, exemplar: false, ref nameSet, out _);
            }
        }
        else if (line[0] == (byte)'{')
        {
            pos = ScanLabels(line, 1, blanks: false, exemplar: false, ref nameSet, out _);
            if (!nameSet)
            {
                throw ParseErrors.InLine("metric name not set", line, _lineNumber);
            }
        }
        else
        {
            throw ParseErrors.Expected("expected a valid start token", line, 0, _lineNumber);
        }

        var seriesEnd = pos;
        var valueEnd = SpaceToken(line, pos, "expected value after metric");
        var value = ParseValue(line, pos + 1, valueEnd);
        pos = valueEnd;

        var hasTimestamp = false;
        long timestamp = 0;
        if (pos < line.Length && !IsExemplarStart(line, pos))
        {
            var tsEnd = SpaceToken(line, pos, "expected timestamp or comment");
            timestamp = ParseSecondsTimestamp(line, pos + 1, tsEnd, "invalid timestamp");
            hasTimestamp = true;
            pos = tsEnd;
            if (pos < line.Length && !IsExemplarStart(line, pos))
            {
                throw ParseErrors.Expected("expected next entry after timestamp", line, pos, _lineNumber);
            }
        }

        if (pos == line.Length)
        {
            var plain = new ExpositionSample(line[..seriesEnd], value, hasTimestamp, timestamp, ExpositionFormat.OpenMetrics) { FloatLabel = _floatLabel };
            _handler.OnSample(in plain);
            return;
        }

        // " # {labels} value [timestamp]"
        var labelsStart = pos + 3;
        var ignoredName = false;
        pos = ScanLabels(line, labelsStart + 1, blanks: false, exemplar: true, ref ignoredName, out var runes);
        var labelsEnd = pos;
        var exValueEnd = SpaceToken(line, pos, "expected value after exemplar labels");
        var exValue = ParseValue(line, pos + 1, exValueEnd);
        pos = exValueEnd;
        var exHasTimestamp = false;
        long exTimestamp = 0;
        if (pos < line.Length)
        {
            var tsEnd = SpaceToken(line, pos, "expected timestamp or comment");
            exTimestamp = ParseSecondsTimestamp(line, pos + 1, tsEnd, "invalid exemplar timestamp");
            exHasTimestamp = true;
            if (tsEnd < line.Length)
            {
                throw ParseErrors.Expected("expected next entry after exemplar timestamp", line, tsEnd, _lineNumber);
            }
        }

        var withExemplar = new ExpositionSample(
            line[..seriesEnd],
            value,
            hasTimestamp,
            timestamp,
            ExpositionFormat.OpenMetrics,
            line[labelsStart..labelsEnd],
            exValue,
            exHasTimestamp,
            exTimestamp,
            runes > ExemplarMaxLabelRunes) { FloatLabel = _floatLabel };
        _handler.OnSample(in withExemplar);
    }

    private static bool IsExemplarStart(ReadOnlySpan<byte> line, int pos) => line[pos..].StartsWith(" # {"u8);

    // A token introduced by exactly one space at pos; returns the index after it (a space or the line end).
    private int SpaceToken(ReadOnlySpan<byte> line, int pos, string expected)
    {
        if (pos >= line.Length || line[pos] != (byte)' ' || pos + 1 >= line.Length || line[pos + 1] == (byte)' ')
        {
            throw ParseErrors.Expected(expected, line, Math.Min(pos + 1, line.Length), _lineNumber);
        }

        var rel = line[(pos + 1)..].IndexOf((byte)' ');
        return rel < 0 ? line.Length : pos + 1 + rel;
    }

    // OpenMetrics timestamps are float seconds; Prometheus truncates seconds*1000 to int64 milliseconds.
    private long ParseSecondsTimestamp(ReadOnlySpan<byte> line, int start, int end, string what)
    {
        var token = line[start..end];
        if (!GoFloat.TryParse(token, out var seconds) || double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            throw ParseErrors.InLine($"{what} {ParseErrors.Quote(token)}", line, _lineNumber);
        }

        return (long)(seconds * 1000);
    }
}
