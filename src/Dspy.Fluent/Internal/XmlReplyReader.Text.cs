using System.Globalization;
using System.Text;

namespace Dspy.Fluent.Internal;

// Character data, references, attribute values, names and error locations: the lexical half of the reader.
internal sealed partial class XmlReplyReader
{
    private void CharData()
    {
        var start = _pos;
        var sb = (StringBuilder?)null;
        while (_pos < _s.Length && _s[_pos] is not ('<' or '&'))
        {
            var c = _s[_pos];
            if (c == ']' && At("]]>")) Fail(_pos, "']]>' is not allowed in text; write ]]&gt;");
            if (c == '\r')
            {
                (sb ??= new StringBuilder()).Append(_s, start, _pos - start).Append('\n');
                _pos += _pos + 1 < _s.Length && _s[_pos + 1] == '\n' ? 2 : 1;
                start = _pos;
                continue;
            }
            _pos += CheckChar(_pos);
        }
        if (sb is null) AppendText(_s[start.._pos]);
        else AppendText(sb.Append(_s, start, _pos - start).ToString());
    }

    /// <summary>Appends text where ElementTree puts it: the open element's text before its first child, else the last child's tail.</summary>
    private void AppendText(string text)
    {
        if (text.Length == 0) return;
        var open = _stack[^1];
        if (open.Children.Count == 0) open.Text += text;
        else open.Children[^1].Tail += text;
    }

    private string Reference()
    {
        var start = _pos++;
        const string literalAmp = "'&' does not start an entity reference; write &amp; for a literal '&'";
        if (_pos < _s.Length && _s[_pos] == '#')
        {
            _pos++;
            var hex = _pos < _s.Length && _s[_pos] == 'x';
            if (hex) _pos++;
            var digits = _pos;
            while (_pos < _s.Length && (hex ? char.IsAsciiHexDigit(_s[_pos]) : char.IsAsciiDigit(_s[_pos]))) _pos++;
            if (_pos == digits || _pos >= _s.Length || _s[_pos] != ';') Fail(start, literalAmp);
            var ok = int.TryParse(_s.AsSpan(digits, _pos - digits), hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None,
                CultureInfo.InvariantCulture, out var code);
            if (!ok || !IsXmlChar(code)) Fail(start, $"{_s[start..(_pos + 1)]} refers to a character XML does not allow");
            _pos++;
            return char.ConvertFromUtf32(code);
        }
        if (_pos >= _s.Length || !IsNameStart(_s, _pos)) Fail(start, literalAmp);
        var name = Name();
        if (_pos >= _s.Length || _s[_pos] != ';') Fail(start, literalAmp);
        _pos++;
        return name switch
        {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => Fail<string>(start, $"undefined entity &{name}; (XML defines only &amp; &lt; &gt; &quot; &apos; and numeric references like &#160;)"),
        };
    }

    private string AttributeValue()
    {
        var quote = _s[_pos];
        var start = _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _s.Length) Fail(start, "an attribute value is never closed with its quote");
            var c = _s[_pos];
            if (c == quote) { _pos++; return sb.ToString(); }
            switch (c)
            {
                case '<': Fail(_pos, "'<' is not allowed in an attribute value; write &lt;"); break;
                case '&': sb.Append(Reference()); break;
                // Attribute-value normalization: each literal line break or tab is one space (\r\n counts once).
                case '\r':
                    sb.Append(' ');
                    _pos += _pos + 1 < _s.Length && _s[_pos + 1] == '\n' ? 2 : 1;
                    break;
                case '\n' or '\t':
                    sb.Append(' ');
                    _pos++;
                    break;
                default:
                    var width = CheckChar(_pos);
                    sb.Append(_s, _pos, width);
                    _pos += width;
                    break;
            }
        }
    }

    private string Name()
    {
        var start = _pos;
        _pos += char.IsHighSurrogate(_s[_pos]) ? 2 : 1;
        while (_pos < _s.Length && IsNameChar(_s, _pos)) _pos += char.IsHighSurrogate(_s[_pos]) ? 2 : 1;
        return _s[start.._pos];
    }

    private bool SkipSpace()
    {
        var start = _pos;
        while (_pos < _s.Length && IsSpace(_s[_pos])) _pos++;
        return _pos > start;
    }

    private bool At(string token) => string.CompareOrdinal(_s, _pos, token, 0, token.Length) == 0;

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    /// <summary>The width (1 or 2 chars) of the valid XML character at <paramref name="at"/>; fails on a character XML forbids.</summary>
    private int CheckChar(int at)
    {
        var c = _s[at];
        if (char.IsHighSurrogate(c) && at + 1 < _s.Length && char.IsLowSurrogate(_s[at + 1])) return 2;
        if (!IsXmlChar(c) || char.IsSurrogate(c)) Fail(at, $"the character U+{(int)c:X4} is not allowed in XML");
        return 1;
    }

    private void CheckChars(int from, int to)
    {
        for (var i = from; i < to;) i += CheckChar(i);
    }

    private static bool IsXmlChar(int c) =>
        c is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    private static string NormalizeNewlines(string text) =>
        text.Contains('\r') ? text.Replace("\r\n", "\n").Replace('\r', '\n') : text;

    // XML 1.0 (fifth edition) name characters; pairs of surrogates stand for the supplementary planes up to U+EFFFF.
    private static bool IsNameStart(string s, int at)
    {
        var c = s[at];
        if (char.IsHighSurrogate(c))
            return at + 1 < s.Length && char.IsLowSurrogate(s[at + 1]) && char.ConvertToUtf32(c, s[at + 1]) <= 0xEFFFF;
        return c is ':' or '_' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '\xC0' and <= '\xD6') or (>= '\xD8' and <= '\xF6') or
            (>= '\xF8' and <= '\u02FF') or (>= '\u0370' and <= '\u037D') or (>= '\u037F' and <= '\u1FFF') or '\u200C' or '\u200D' or
            (>= '\u2070' and <= '\u218F') or (>= '\u2C00' and <= '\u2FEF') or (>= '\u3001' and <= '\uD7FF') or
            (>= '\uF900' and <= '\uFDCF') or (>= '\uFDF0' and <= '\uFFFD');
    }

    private static bool IsNameChar(string s, int at)
    {
        var c = s[at];
        return IsNameStart(s, at) || c is '-' or '.' or (>= '0' and <= '9') or '\xB7' or (>= '\u0300' and <= '\u036F') or '\u203F' or '\u2040';
    }

    private string Shown(int at) => at >= _suffixStart ? "end of reply" : char.IsSurrogate(_s[at]) ? "character" : $"'{_s[at]}'";

    /// <summary>Where <paramref name="position"/> of the wrapped text falls in the reply: <c>line 2, column 5</c> (both from 1).</summary>
    private string Location(int position)
    {
        var at = Math.Clamp(position - Prefix.Length, 0, _reply.Length);
        if (at == _reply.Length && position >= _suffixStart) return "at the end of the reply";
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < at; i++)
        {
            if (_reply[i] == '\n' || (_reply[i] == '\r' && (i + 1 >= _reply.Length || _reply[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return $"at line {line}, column {at - lineStart + 1}";
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(int position, string message) => throw new XmlReplyException($"malformed XML {Location(position)}: {message}");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private T Fail<T>(int position, string message) => throw new XmlReplyException($"malformed XML {Location(position)}: {message}");
}
