using System.Globalization;
using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Splits a JsonAdapter reply (one JSON object, fields as its top-level keys) into per-field text while it streams in.
/// A string value is handed out as it arrives, escapes decoded (a half-read escape, or the first half of a surrogate
/// pair, is held back); any other value (number, list, object) is handed out whole, as written, once it is complete.
/// </summary>
/// <remarks>Text before the object (a <c>```json</c> fence) is skipped and nothing after it is read. The reader shows
/// progress only: the final parse (with DSPy's JSON repair) decides the values.</remarks>
internal sealed class JsonFieldStreamReader(Signature signature) : CharFieldStreamReader
{
    private enum State { BeforeObject, ExpectKey, InKey, AfterKey, BeforeValue, InString, InOther, Done }

    private readonly StringBuilder _key = new();
    private readonly StringBuilder _text = new();   // decided text of the current string value, not yet handed out
    private readonly StringBuilder _other = new();  // a non-string value being read
    private readonly StringBuilder _escape = new(); // an escape being read, without its backslash
    private State _state = State.BeforeObject;
    private string? _field; // the output field the current value belongs to, or null for a key that is not one
    private bool _inEscape;
    private bool _keyEscaped;
    private char? _highSurrogate;
    private int _otherDepth;
    private bool _otherInString;
    private bool _otherEscaped;

    public override IReadOnlyList<FieldChunk> Complete()
    {
        var result = new List<FieldChunk>();
        if (_state == State.InString && _highSurrogate is { } high) { _text.Append(high); _highSurrogate = null; }
        Flush(result);
        _state = State.Done;
        return result;
    }

    private protected override void Step(char c, List<FieldChunk> result)
    {
        switch (_state)
        {
            case State.BeforeObject:
                if (c == '{') _state = State.ExpectKey;
                break;
            case State.ExpectKey:
                if (c == '"') { _state = State.InKey; _key.Clear(); }
                else if (c == '}') _state = State.Done;
                break;
            case State.InKey:
                // Output field names are identifiers, so a key with an escape in it is simply not one of them.
                if (_keyEscaped) _keyEscaped = false;
                else if (c == '\\') _keyEscaped = true;
                else if (c == '"') { _state = State.AfterKey; break; }
                _key.Append(c);
                break;
            case State.AfterKey:
                if (c == ':')
                {
                    var key = _key.ToString();
                    _field = signature.OutputFields.Any(f => f.Name == key) ? key : null;
                    _state = State.BeforeValue;
                }
                break;
            case State.BeforeValue:
                if (char.IsWhiteSpace(c)) break;
                if (c == '"') { _state = State.InString; break; }
                _state = State.InOther;
                _other.Clear();
                _otherDepth = 0;
                _otherInString = _otherEscaped = false;
                Other(c, result);
                break;
            case State.InString:
                StringChar(c, result);
                break;
            case State.InOther:
                Other(c, result);
                break;
        }
    }

    private void StringChar(char c, List<FieldChunk> result)
    {
        if (_inEscape)
        {
            _escape.Append(c);
            if (_escape[0] == 'u' && _escape.Length < 5) return;
            _inEscape = false;
            var escape = _escape.ToString();
            _escape.Clear();
            Append(escape[0] switch
            {
                'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f',
                'u' when int.TryParse(escape.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) => (char)code,
                var other => other, // \" \\ \/ and anything the final parse will judge
            });
            return;
        }
        if (c == '\\') { _inEscape = true; return; }
        if (c == '"')
        {
            if (_highSurrogate is { } high) { _text.Append(high); _highSurrogate = null; }
            Flush(result);
            _state = State.ExpectKey;
            return;
        }
        Append(c);
    }

    /// <summary>Adds one decoded character, keeping a high surrogate back until its pair is known.</summary>
    private void Append(char c)
    {
        if (_highSurrogate is { } high)
        {
            _highSurrogate = null;
            _text.Append(high);
        }
        if (char.IsHighSurrogate(c)) _highSurrogate = c;
        else _text.Append(c);
    }

    private void Other(char c, List<FieldChunk> result)
    {
        if (_otherInString)
        {
            _other.Append(c);
            if (_otherEscaped) _otherEscaped = false;
            else if (c == '\\') _otherEscaped = true;
            else if (c == '"') _otherInString = false;
            return;
        }
        switch (c)
        {
            case '"': _otherInString = true; break;
            case '{' or '[': _otherDepth++; break;
            case ('}' or ']') when _otherDepth > 0: _otherDepth--; break;
            case '}' or ',' when _otherDepth == 0:
                EndOther(result);
                _state = c == '}' ? State.Done : State.ExpectKey;
                return;
        }
        _other.Append(c);
    }

    private void EndOther(List<FieldChunk> result)
    {
        var value = _other.ToString().Trim();
        if (_field is not null && value.Length > 0) result.Add(new FieldChunk(_field, value));
        _other.Clear();
    }

    private protected override void Flush(List<FieldChunk> result)
    {
        if (_field is not null && _text.Length > 0) result.Add(new FieldChunk(_field, _text.ToString()));
        _text.Clear(); // a key that is not an output field streams nowhere
    }
}
