using System.Text;

namespace Dspy.Fluent;

internal static partial class JsonRepair
{
    /// <summary>A recursive-descent reader of almost-JSON into strings, <see cref="Raw"/> scalars, lists and maps.</summary>
    private sealed class Lenient(string s)
    {
        private const int MaxDepth = 512;
        private int _pos;
        private int _depth;

        public bool TryRead(out object? value, out string? error)
        {
            try
            {
                SkipTrivia();
                // Like json_repair, skip prose up to the first bracket when the text does not start with a value.
                if (_pos < s.Length && (!StartsValue(s[_pos]) || !StartsScalar()))
                {
                    var bracket = s.IndexOfAny(['{', '['], _pos);
                    if (bracket < 0) throw Error(_pos, "no JSON object or list in the text");
                    _pos = bracket;
                }
                value = Value(end: "");
                error = null;
                return true;
            }
            catch (FormatException e)
            {
                value = null;
                error = e.Message;
                return false;
            }
        }

        /// <summary>False when the text starts with a word that is neither a literal nor a number ("The answer: [1]").</summary>
        private bool StartsScalar()
        {
            if (_pos >= s.Length || s[_pos] is '{' or '[' or '"' or '\'' or '\u201C' or '\u2018') return true;
            var end = _pos;
            while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] is '-' or '+' or '.' or '_')) end++;
            var token = s[_pos..end];
            return Literal(token) is not null || Number(token) is not null;
        }

        private static bool StartsValue(char c) =>
            c is '{' or '[' or '"' or '\'' or '\u201C' or '\u2018' or '-' or '+' or '.' || char.IsAsciiDigit(c) || IsLiteralStart(c);

        private static bool IsLiteralStart(char c) => c is 't' or 'f' or 'n' or 'T' or 'F' or 'N';

        /// <summary>A value; <paramref name="end"/> lists the characters that close the container it is in.</summary>
        private object? Value(string end)
        {
            SkipTrivia();
            if (_pos >= s.Length) throw Error(_pos, "the text ends where a value should be");
            var c = s[_pos];
            switch (c)
            {
                case '{': return Nested(Object);
                case '[': return Nested(Array);
                case '"' or '\'' or '\u201C' or '\u2018': return String();
            }
            if (end.Length > 0 && (end.Contains(c) || c is ',' or ':')) throw Error(_pos, $"{Shown(c)} where a value should be");
            if (end.Length == 0 && !StartsValue(c)) throw Error(_pos, $"{Shown(c)} where a value should be");
            return Scalar(end);
        }

        private object Nested(Func<object> read)
        {
            if (++_depth > MaxDepth) throw Error(_pos, $"values nested more than {MaxDepth} deep");
            try { return read(); }
            finally { _depth--; }
        }

        private object Object()
        {
            var open = _pos++;
            var members = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipTrivia();
                if (_pos >= s.Length) return members; // cut off: close it
                var c = s[_pos];
                if (c == '}') { _pos++; return members; }
                if (c == ',') { _pos++; continue; } // leading, doubled and trailing commas
                var keyAt = _pos;
                string key;
                if (c is '"' or '\'' or '\u201C' or '\u2018') key = String(isKey: true);
                else if (IsKeyChar(c))
                {
                    while (_pos < s.Length && IsKeyChar(s[_pos])) _pos++;
                    key = s[keyAt.._pos];
                }
                else throw Error(_pos, $"{Shown(c)} where a key or '}}' should be (object opened {Location(open)})");
                SkipTrivia();
                if (_pos >= s.Length) throw Error(_pos, $"the text ends after the key \"{key}\"");
                if (s[_pos] != ':') throw Error(_pos, $"expected ':' after the key \"{key}\", found {Shown(s[_pos])}");
                _pos++;
                SkipTrivia();
                if (_pos >= s.Length) throw Error(_pos, $"the text ends before the value of \"{key}\"");
                if (s[_pos] is ',' or '}') throw Error(_pos, $"the key \"{key}\" has no value");
                members[key] = Value(end: "}"); // a repeated key keeps its first place and its last value, like a Python dict
                SkipTrivia();
                if (_pos < s.Length && s[_pos] is not (',' or '}') && !StartsKey(s[_pos]))
                    throw Error(_pos, $"expected ',' or '}}' after the value of \"{key}\", found {Shown(s[_pos])}");
            }
        }

        private object Array()
        {
            var open = _pos++;
            var items = new List<object?>();
            while (true)
            {
                SkipTrivia();
                if (_pos >= s.Length) return items;
                var c = s[_pos];
                if (c == ']') { _pos++; return items; }
                if (c == ',') { _pos++; continue; }
                if (c is '}' or ':') throw Error(_pos, $"{Shown(c)} inside a list (opened {Location(open)})");
                items.Add(Value(end: "]"));
                SkipTrivia();
                if (_pos < s.Length && s[_pos] is not (',' or ']') && !StartsValue(s[_pos]))
                    throw Error(_pos, $"expected ',' or ']' after a list item, found {Shown(s[_pos])}");
            }
        }

        private static bool IsKeyChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '$';

        private static bool StartsKey(char c) => c is '"' or '\'' or '\u201C' or '\u2018' || IsKeyChar(c);

        /// <summary>
        /// A quoted string. A closing quote counts only when what follows can follow a string (<c>, : } ]</c>, another
        /// quote, or the end); any other quote is part of the text, so <c>"He said "hi" today"</c> keeps its inner quotes.
        /// </summary>
        private string String(bool isKey = false)
        {
            var quote = s[_pos++];
            var sb = new StringBuilder();
            while (_pos < s.Length)
            {
                var c = s[_pos];
                if (c == '\\' && _pos + 1 < s.Length)
                {
                    _pos += 2;
                    switch (s[_pos - 1])
                    {
                        case '"': sb.Append('"'); break;
                        case '\'': sb.Append('\''); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u' when _pos + 4 <= s.Length && int.TryParse(s.AsSpan(_pos, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code):
                            sb.Append((char)code);
                            _pos += 4;
                            break;
                        default: sb.Append('\\').Append(s[_pos - 1]); break; // an unknown escape is kept as written
                    }
                    continue;
                }
                _pos++;
                // A key ends at its first closing quote: keys with quotes inside are rarer than keys missing their colon.
                if (Closes(quote, c) && (isKey || EndsString())) return sb.ToString();
                sb.Append(c);
            }
            return sb.ToString(); // cut off: close it
        }

        private static bool Closes(char open, char c) => open switch
        {
            '\u201C' => c is '\u201D' or '\u201C',
            '\u2018' => c is '\u2019' or '\u2018',
            _ => c == open,
        };

        private bool EndsString()
        {
            var j = _pos;
            while (j < s.Length && char.IsWhiteSpace(s[j])) j++;
            return j >= s.Length || s[j] is ',' or ':' or '}' or ']' or '"' or '\'' or '\u201C' or '\u2018' or '/' or '#';
        }

        /// <summary>
        /// A number, a literal, or unquoted text. Text runs to the next comma, closing bracket or line end; a number or
        /// literal followed by more words is text too (<c>{size: 12 apples}</c>).
        /// </summary>
        private object Scalar(string end)
        {
            var start = _pos;
            while (_pos < s.Length && (char.IsLetterOrDigit(s[_pos]) || s[_pos] is '-' or '+' or '.' or '_')) _pos++;
            var token = s[start.._pos];
            var j = _pos;
            while (j < s.Length && s[j] is ' ' or '\t') j++;
            // Another number or a quote after it is the next item with its comma missing ([1 2 3]); a word makes it text.
            var standsAlone = j >= s.Length || s[j] is ',' or '}' or ']' or '\n' or '\r' or '"' or '\'' or '/' or '#' or '-' or '+' or '.' ||
                              char.IsAsciiDigit(s[j]);
            if (standsAlone && (Literal(token) ?? Number(token)) is { } raw) return raw;
            if (end.Length == 0) throw Error(start, $"'{Internal.ValueConverter.Preview(token, 20)}' is not a JSON value (text needs quotes)");
            _pos = start;
            while (_pos < s.Length && s[_pos] is not (',' or '\n' or '\r') && !end.Contains(s[_pos])) _pos++;
            return s[start.._pos].TrimEnd();
        }

        private static Raw? Literal(string token) => token switch
        {
            "true" or "True" or "TRUE" => new Raw("true"),
            "false" or "False" or "FALSE" => new Raw("false"),
            "null" or "None" or "NULL" or "Null" => new Raw("null"),
            _ => null,
        };

        /// <summary>A number in a form JSON forbids but Python reads (<c>+1</c>, <c>.5</c>, <c>1.</c>, <c>007</c>), normalised; else null.</summary>
        private static Raw? Number(string token)
        {
            var t = token.StartsWith('+') ? token[1..] : token;
            var negative = t.StartsWith('-');
            if (negative) t = t[1..];
            if (t.Length == 0) return null;
            var exponent = t.IndexOfAny(['e', 'E']);
            var mantissa = exponent < 0 ? t : t[..exponent];
            var exp = exponent < 0 ? "" : t[(exponent + 1)..];
            var dot = mantissa.IndexOf('.');
            var whole = dot < 0 ? mantissa : mantissa[..dot];
            var fraction = dot < 0 ? null : mantissa[(dot + 1)..];
            if (!whole.All(char.IsAsciiDigit) || (fraction is not null && !fraction.All(char.IsAsciiDigit))) return null;
            if (whole.Length == 0 && string.IsNullOrEmpty(fraction)) return null;
            var expDigits = exp.StartsWith('+') || exp.StartsWith('-') ? exp[1..] : exp;
            if (exponent >= 0 && (expDigits.Length == 0 || !expDigits.All(char.IsAsciiDigit))) return null;
            whole = whole.TrimStart('0');
            var sb = new StringBuilder();
            if (negative) sb.Append('-');
            sb.Append(whole.Length == 0 ? "0" : whole);
            if (fraction is not null) sb.Append('.').Append(fraction.Length == 0 ? "0" : fraction);
            if (exponent >= 0) sb.Append('e').Append(exp);
            return new Raw(sb.ToString());
        }

        private void SkipTrivia()
        {
            while (_pos < s.Length)
            {
                var c = s[_pos];
                if (char.IsWhiteSpace(c)) _pos++;
                else if (c == '#' || (c == '/' && _pos + 1 < s.Length && s[_pos + 1] == '/'))
                {
                    while (_pos < s.Length && s[_pos] is not ('\n' or '\r')) _pos++;
                }
                else if (c == '/' && _pos + 1 < s.Length && s[_pos + 1] == '*')
                {
                    var close = s.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    _pos = close < 0 ? s.Length : close + 2;
                }
                else return;
            }
        }

        private static string Shown(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";

        private string Location(int at)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < at && i < s.Length; i++)
                if (s[i] == '\n') { line++; lineStart = i + 1; }
            return $"at line {line}, column {at - lineStart + 1}";
        }

        private FormatException Error(int at, string message) => new($"malformed JSON {Location(at)}: {message}");
    }
}
