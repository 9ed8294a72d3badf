using System.Buffers;
using System.Runtime.CompilerServices;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Parses one exposition body line by line and reports each entry to the handler. The caller finds
/// the lines (without their <c>\n</c>) and calls <see cref="ParseLine"/> for each, then
/// <see cref="Finish"/>. One instance per body: it keeps the line number, whether OpenMetrics'
/// <c># EOF</c> was seen, and a pooled scratch buffer for resolving HELP escapes.
/// </summary>
internal sealed partial class ExpositionLineParser : IDisposable
{
    private readonly ExpositionFormat _format;
    private readonly IExpositionHandler _handler;
    private byte[]? _scratch;
    private int _lineNumber;
    private bool _eofSeen;

    // Set by every TYPE line and never reset, like textparse's p.mtype.
    private FloatLabel _floatLabel;

    public ExpositionLineParser(ExpositionFormat format, IExpositionHandler handler)
    {
        _format = format;
        _handler = handler;
    }

    /// <summary>1-based number of the last line handed to <see cref="ParseLine"/>.</summary>
    public int LineNumber => _lineNumber;

    /// <summary>Parses one line; <paramref name="line"/> excludes the terminating <c>\n</c>.</summary>
    public void ParseLine(ReadOnlySpan<byte> line)
    {
        _lineNumber++;
        if (_format == ExpositionFormat.PrometheusText)
        {
            ParseTextLine(line);
        }
        else
        {
            ParseOpenMetricsLine(line);
        }
    }

    /// <summary>Checks what only the end of the body can tell (OpenMetrics' mandatory <c># EOF</c>).</summary>
    public void Finish()
    {
        if (_format == ExpositionFormat.OpenMetrics && !_eofSeen)
        {
            throw ParseErrors.Message("data does not end with # EOF", _lineNumber);
        }
    }

    public void Dispose()
    {
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    // HELP text with escapes resolved; the result never outgrows the input.
    private ReadOnlySpan<byte> UnescapeHelp(ReadOnlySpan<byte> text, bool quoteEscapes)
    {
        if (text.IndexOf((byte)'\\') < 0)
        {
            return text;
        }

        if (_scratch is null || _scratch.Length < text.Length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(256, text.Length));
        }

        var n = Escapes.Unescape(text, _scratch, quoteEscapes);
        return _scratch.AsSpan(0, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipBlanks(ReadOnlySpan<byte> line, int pos)
    {
        while ((uint)pos < (uint)line.Length && (line[pos] == (byte)' ' || line[pos] == (byte)'\t'))
        {
            pos++;
        }

        return pos;
    }

    // Parses a timestamp in integer milliseconds (text format): an optional '-' and at most 19 digits, no overflow.
    private static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        if (i == s.Length || s.Length - i > 19)
        {
            return false;
        }

        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        // 19 digits fit in a ulong; the sign decides which int64 bound applies.
        if (negative ? acc > 9223372036854775808UL : acc > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(0 - acc) : (long)acc;
        return true;
    }
}
