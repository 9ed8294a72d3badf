using System.Globalization;
using System.Text;

namespace Tsdb.PromQL.Parser;

/// <summary>Go's string quoting (<c>strconv.Quote</c>, <c>%q</c>, <c>%#U</c>) and PromQL string unquoting.</summary>
internal static class GoStrings
{
    /// <summary><c>strconv.Quote</c>: a double-quoted Go string literal.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendQuoted(sb, s, '"');
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="s"/> quoted with <paramref name="quote"/> and Go escapes.</summary>
    public static void AppendQuoted(StringBuilder sb, string s, char quote)
    {
        sb.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            int r = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                r = char.ConvertToUtf32(s[i], s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                r = 0xFFFD;
            }

            AppendEscapedRune(sb, r, quote);
        }

        sb.Append(quote);
    }

    /// <summary>Go's <c>%q</c> of a rune: <c>'x'</c> with escapes.</summary>
    public static string QuoteRune(int r)
    {
        var sb = new StringBuilder(8);
        sb.Append('\'');
        AppendEscapedRune(sb, r < 0 ? 0xFFFD : r, '\'');
        sb.Append('\'');
        return sb.ToString();
    }

    /// <summary>Go's <c>%#U</c>: <c>U+0063 'c'</c> (the character only if printable).</summary>
    public static string FormatU(int r)
    {
        var s = "U+" + r.ToString("X4", CultureInfo.InvariantCulture);
        return IsPrint(r) ? s + " '" + char.ConvertFromUtf32(r) + "'" : s;
    }

    /// <summary>Go's <c>%.Nq</c>: quotes the first <paramref name="maxRunes"/> runes of <paramref name="s"/>.</summary>
    public static string QuoteTruncated(string s, int maxRunes) => Quote(CutRunes(s, maxRunes));

    private static string CutRunes(string s, int n)
    {
        var i = 0;
        for (var k = 0; k < n && i < s.Length; k++)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
        }

        return s[..i];
    }

    private static void AppendEscapedRune(StringBuilder sb, int r, char quote)
    {
        if (r == quote || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }

        if (IsPrint(r))
        {
            AppendRune(sb, r);
            return;
        }

        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (r < ' ' || r == 0x7F)
        {
            sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (r < 0x10000)
        {
            sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    private static void AppendRune(StringBuilder sb, int r)
    {
        if (r < 0x10000)
        {
            sb.Append((char)r);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(r));
        }
    }

    /// <summary>An approximation of Go's <c>unicode.IsPrint</c>: graphic characters and the ASCII space.</summary>
    public static bool IsPrint(int r)
    {
        if (r == ' ')
        {
            return true;
        }

        if (r < 0x20 || r == 0x7F || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
        {
            return false;
        }

        var cat = r < 0x10000 ? CharUnicodeInfo.GetUnicodeCategory((char)r) : CharUnicodeInfo.GetUnicodeCategory(r);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    /// <summary>
    /// Unquotes a string token (quotes included) that the lexer has already validated. Escapes follow
    /// Go; <c>\x</c> and octal escapes produce bytes, and the result is decoded as UTF-8 (invalid
    /// sequences become U+FFFD). Raw (backtick) strings are taken verbatim.
    /// </summary>
    public static string Unquote(string token)
    {
        var quote = token[0];
        var body = token.AsSpan(1, token.Length - 2);
        if (quote == '`' || body.IndexOf('\\') < 0)
        {
            return body.ToString();
        }

        var bytes = new List<byte>(body.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                AppendUtf8(bytes, utf8, body, ref i);
                continue;
            }

            c = body[++i];
            switch (c)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case 'x':
                    bytes.Add((byte)ParseDigits(body.Slice(i + 1, 2), 16));
                    i += 2;
                    break;
                case 'u':
                    AppendCodePoint(bytes, utf8, ParseDigits(body.Slice(i + 1, 4), 16));
                    i += 4;
                    break;
                case 'U':
                    AppendCodePoint(bytes, utf8, ParseDigits(body.Slice(i + 1, 8), 16));
                    i += 8;
                    break;
                case >= '0' and <= '7':
                    bytes.Add((byte)ParseDigits(body.Slice(i, 3), 8));
                    i += 2;
                    break;
                default:
                    // \\, and the escaped quote character.
                    bytes.Add((byte)c);
                    break;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static void AppendUtf8(List<byte> bytes, Span<byte> buf, ReadOnlySpan<char> body, ref int i)
    {
        var c = body[i];
        if (c < 0x80)
        {
            bytes.Add((byte)c);
            return;
        }

        int r = c;
        if (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
        {
            r = char.ConvertToUtf32(c, body[i + 1]);
            i++;
        }
        else if (char.IsSurrogate(c))
        {
            r = 0xFFFD;
        }

        AppendCodePoint(bytes, buf, r);
    }

    private static void AppendCodePoint(List<byte> bytes, Span<byte> buf, int r)
    {
        var n = new Rune(r).EncodeToUtf8(buf);
        for (var k = 0; k < n; k++)
        {
            bytes.Add(buf[k]);
        }
    }

    private static int ParseDigits(ReadOnlySpan<char> digits, int radix)
    {
        var v = 0;
        foreach (var d in digits)
        {
            v = (v * radix) + DigitVal(d);
        }

        return v;
    }

    /// <summary>The value of a hex digit, or 16 if <paramref name="c"/> is not one.</summary>
    public static int DigitVal(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => 16,
    };
}
