using System.Text;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Reads a quoted string as PromQL and Go write them: <c>"..."</c> and <c>'...'</c> with escapes
/// (<c>\a \b \f \n \r \t \v \\</c>, the enclosing quote, <c>\ooo</c>, <c>\xHH</c>, <c>\uXXXX</c>,
/// <c>\UXXXXXXXX</c>), or a raw <c>`...`</c>. Octal and <c>\x</c> escapes are bytes, so the result is
/// decoded as UTF-8 at the end (as Go strings are bytes).
/// </summary>
internal static class QuotedString
{
    /// <summary>Reads one quoted string starting at <paramref name="pos"/>; on success <paramref name="pos"/> is just past the closing quote.</summary>
    public static bool TryRead(string s, ref int pos, out string value, out string error)
    {
        value = "";
        error = "";
        if (pos >= s.Length)
        {
            error = "expected a quoted string";
            return false;
        }

        var quote = s[pos];
        if (quote != '"' && quote != '\'' && quote != '`')
        {
            error = $"expected a quoted string, found '{s[pos]}'";
            return false;
        }

        var i = pos + 1;
        if (quote == '`')
        {
            var end = s.IndexOf('`', i);
            if (end < 0)
            {
                error = "unterminated raw string";
                return false;
            }

            value = s[i..end];
            pos = end + 1;
            return true;
        }

        var bytes = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (i >= s.Length || s[i] == '\n')
            {
                error = "unterminated quoted string";
                return false;
            }

            var c = s[i];
            if (c == quote)
            {
                i++;
                break;
            }

            if (c != '\\')
            {
                if (char.IsSurrogatePair(s, i))
                {
                    AppendRune(bytes, new Rune(s[i], s[i + 1]), utf8);
                    i += 2;
                }
                else
                {
                    AppendRune(bytes, new Rune(char.IsSurrogate(c) ? '\uFFFD' : c), utf8);
                    i++;
                }

                continue;
            }

            i++;
            if (i >= s.Length)
            {
                error = "escape sequence not terminated";
                return false;
            }

            var e = s[i++];
            switch (e)
            {
                case 'a': bytes.Add(0x07); break;
                case 'b': bytes.Add(0x08); break;
                case 'f': bytes.Add(0x0C); break;
                case 'n': bytes.Add(0x0A); break;
                case 'r': bytes.Add(0x0D); break;
                case 't': bytes.Add(0x09); break;
                case 'v': bytes.Add(0x0B); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '\'' or '"' when e == quote: bytes.Add((byte)e); break;
                case >= '0' and <= '7':
                    {
                        if (!TryDigits(s, i - 1, 3, 8, out var v) || v > 255)
                        {
                            error = "invalid octal escape";
                            return false;
                        }

                        bytes.Add((byte)v);
                        i += 2;
                        break;
                    }

                case 'x':
                    {
                        if (!TryDigits(s, i, 2, 16, out var v))
                        {
                            error = "invalid \\x escape";
                            return false;
                        }

                        bytes.Add((byte)v);
                        i += 2;
                        break;
                    }

                case 'u' or 'U':
                    {
                        var n = e == 'u' ? 4 : 8;
                        if (!TryDigits(s, i, n, 16, out var v) || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
                        {
                            error = "escape sequence is an invalid Unicode code point";
                            return false;
                        }

                        AppendRune(bytes, new Rune((int)v), utf8);
                        i += n;
                        break;
                    }

                default:
                    error = $"unknown escape sequence \\{e}";
                    return false;
            }
        }

        value = Encoding.UTF8.GetString([.. bytes]);
        pos = i;
        return true;
    }

    /// <summary>Unquotes a whole string (Go strconv.Unquote-like); false when anything follows the closing quote.</summary>
    public static bool TryUnquote(string s, out string value, out string error)
    {
        var pos = 0;
        if (!TryRead(s, ref pos, out value, out error))
        {
            return false;
        }

        if (pos != s.Length)
        {
            error = "unexpected text after the closing quote";
            return false;
        }

        return true;
    }

    private static void AppendRune(List<byte> bytes, Rune r, Span<byte> buffer)
    {
        var n = r.EncodeToUtf8(buffer);
        for (var k = 0; k < n; k++)
        {
            bytes.Add(buffer[k]);
        }
    }

    private static bool TryDigits(string s, int start, int count, int radix, out uint value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            var c = s[start + k];
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                return false;
            }

            value = (value * (uint)radix) + (uint)d;
        }

        return true;
    }
}
