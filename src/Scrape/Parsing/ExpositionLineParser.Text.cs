using System.Text.Unicode;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// The Prometheus text format 0.0.4 (promlex.l/promparse.go semantics): blanks and tabs between
/// tokens, blank lines and plain comments ignored, integer millisecond timestamps.
/// </summary>
internal sealed partial class ExpositionLineParser
{
    private void ParseTextLine(ReadOnlySpan<byte> line)
    {
        var pos = SkipBlanks(line, 0);
        if (pos == line.Length)
        {
            return;
        }

        if (line[pos] == (byte)'#')
        {
            ParseTextComment(line, pos + 1);
            return;
        }

        ParseTextSample(line, pos);
    }

    private void ParseTextComment(ReadOnlySpan<byte> line, int pos)
    {
        // "#" not followed by a blank, or a comment other than HELP/TYPE, is just a comment.
        if (pos >= line.Length || (line[pos] != (byte)' ' && line[pos] != (byte)'\t'))
        {
            return;
        }

        pos = SkipBlanks(line, pos);
        var rest = line[pos..];
        MetadataField field;
        if (rest.StartsWith("HELP"u8))
        {
            field = MetadataField.Help;
        }
        else if (rest.StartsWith("TYPE"u8))
        {
            field = MetadataField.Type;
        }
        else
        {
            return;
        }

        pos += 4;
        if (pos >= line.Length || (line[pos] != (byte)' ' && line[pos] != (byte)'\t'))
        {
            return;
        }

        pos = SkipBlanks(line, pos);
        var name = ScanMetadataName(line, ref pos, field == MetadataField.Help ? "HELP" : "TYPE");

        // The text token starts right after the name; its first byte is the separator.
        var text = pos < line.Length ? line[(pos + 1)..] : [];
        if (field == MetadataField.Type)
        {
            if (!IsTextType(text))
            {
                throw ParseErrors.Message($"invalid metric type {ParseErrors.Quote(text)}", _lineNumber);
            }

            _floatLabel = text.SequenceEqual("histogram"u8) ? FloatLabel.Le : text.SequenceEqual("summary"u8) ? FloatLabel.Quantile : FloatLabel.None;
            _handler.OnMetadata(name, field, text);
            return;
        }

        if (!Utf8.IsValid(text))
        {
            throw ParseErrors.Message($"help text {ParseErrors.Quote(text)} is not a valid utf8 string", _lineNumber);
        }

        _handler.OnMetadata(name, field, UnescapeHelp(text, quoteEscapes: false));
    }

    // The family name after HELP/TYPE/UNIT: a metric name or a quoted UTF-8 name (returned without quotes).
    private ReadOnlySpan<byte> ScanMetadataName(ReadOnlySpan<byte> line, ref int pos, string keyword)
    {
        if (pos < line.Length && IsMetricNameStart(line[pos]))
        {
            var start = pos;
            pos = ScanMetricName(line, pos);
            return line[start..pos];
        }

        if (pos < line.Length && line[pos] == (byte)'"')
        {
            var end = ScanQuoted(line, pos);
            if (end > 0)
            {
                var start = pos + 1;
                pos = end;
                return line[start..(end - 1)];
            }
        }

        throw ParseErrors.Expected("expected metric name after " + keyword, line, pos, _lineNumber);
    }

    private static bool IsTextType(ReadOnlySpan<byte> t) =>
        t.SequenceEqual("counter"u8) || t.SequenceEqual("gauge"u8) || t.SequenceEqual("histogram"u8)
        || t.SequenceEqual("summary"u8) || t.SequenceEqual("untyped"u8);

    private void ParseTextSample(ReadOnlySpan<byte> line, int start)
    {
        var pos = start;
        var nameSet = false;
        if (IsMetricNameStart(line[pos]))
        {
            pos = ScanMetricName(line, pos);
            nameSet = true;
            var brace = SkipBlanks(line, pos);
            if (brace < line.Length && line[brace] == (byte)'{')
            {
                pos = ScanLabels(line, brace + 1, blanks: true, exemplar: false, ref nameSet, out _);
            }
        }
        else if (line[pos] == (byte)'{')
        {
            pos = ScanLabels(line, pos + 1, blanks: true, exemplar: false, ref nameSet, out _);
            if (!nameSet)
            {
                throw ParseErrors.InLine("metric name not set", line, _lineNumber);
            }
        }
        else
        {
            throw ParseErrors.Expected("expected a valid start token", line, pos, _lineNumber);
        }

        var seriesEnd = pos;
        pos = SkipBlanks(line, pos);
        var valueEnd = pos;
        while (valueEnd < line.Length && line[valueEnd] is not ((byte)' ' or (byte)'\t' or (byte)'{'))
        {
            valueEnd++;
        }

        if (valueEnd == pos)
        {
            throw ParseErrors.Expected("expected value after metric", line, pos, _lineNumber);
        }

        var value = ParseValue(line, pos, valueEnd);
        pos = SkipBlanks(line, valueEnd);
        var hasTimestamp = false;
        long timestamp = 0;
        if (pos < line.Length)
        {
            var tsEnd = pos;
            while (tsEnd < line.Length && line[tsEnd] != (byte)' ' && line[tsEnd] != (byte)'\t')
            {
                tsEnd++;
            }

            var token = line[pos..tsEnd];
            if (!(token[0] is >= (byte)'0' and <= (byte)'9' or (byte)'-'))
            {
                throw ParseErrors.Expected("expected timestamp or new record", line, pos, _lineNumber);
            }

            if (!TryParseInt64(token, out timestamp))
            {
                throw ParseErrors.InLine($"invalid timestamp {ParseErrors.Quote(token)}", line, _lineNumber);
            }

            hasTimestamp = true;
            pos = SkipBlanks(line, tsEnd);
            if (pos < line.Length)
            {
                throw ParseErrors.Expected("expected next entry after timestamp", line, pos, _lineNumber);
            }
        }

        var sample = new ExpositionSample(line[start..seriesEnd], value, hasTimestamp, timestamp, ExpositionFormat.PrometheusText) { FloatLabel = _floatLabel };
        _handler.OnSample(in sample);
    }

    // A sample or exemplar value; NaN becomes Prometheus's normal NaN so it never looks like a stale marker.
    private double ParseValue(ReadOnlySpan<byte> line, int start, int end)
    {
        var token = line[start..end];
        if (!GoFloat.TryParse(token, out var value))
        {
            throw ParseErrors.InLine($"strconv.ParseFloat: parsing {ParseErrors.Quote(token)}: invalid syntax", line, _lineNumber);
        }

        return double.IsNaN(value) ? GoFloat.NormalNaN : value;
    }
}
