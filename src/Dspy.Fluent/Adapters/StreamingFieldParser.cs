using System.Text;

namespace Dspy.Fluent;

/// <summary>One piece of field text found by <see cref="StreamingFieldParser"/>.</summary>
internal readonly record struct FieldChunk(string Field, string Text);

/// <summary>
/// Splits a ChatAdapter reply into per-field text while it streams in. Text that could still turn out to be the start
/// of a <c>[[ ## name ## ]]</c> header is held back until the next chunk decides it.
/// </summary>
internal sealed class StreamingFieldParser(IReadOnlyCollection<string> outputFields)
{
    private const string Open = "[[ ## ";
    private const string Close = " ## ]]";
    private readonly StringBuilder _pending = new();
    private string? _field;
    private bool _atFieldStart;
    private bool _done;

    public string? CurrentField => _field;

    /// <summary>Feeds a chunk; returns the field text that is now certain, and each field that ended.</summary>
    public List<(FieldChunk? Chunk, string? Ended)> Feed(string chunk)
    {
        var result = new List<(FieldChunk?, string?)>();
        if (_done) return result;
        _pending.Append(chunk);
        while (_pending.Length > 0)
        {
            var text = _pending.ToString();
            var open = text.IndexOf(Open, StringComparison.Ordinal);
            if (open < 0)
            {
                // Keep back a tail that may be the beginning of "[[ ## ".
                var keep = PartialOpenSuffix(text);
                Emit(result, text[..^keep]);
                _pending.Remove(0, text.Length - keep);
                return result;
            }
            Emit(result, text[..open]);
            var close = text.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                _pending.Remove(0, open);
                return result; // header not complete yet
            }
            var name = text[(open + Open.Length)..close];
            if (_field is not null) result.Add((null, _field));
            _pending.Remove(0, close + Close.Length);
            if (name == "completed") { _field = null; _done = true; _pending.Clear(); return result; }
            _field = outputFields.Contains(name) ? name : null;
            _atFieldStart = true;
        }
        return result;
    }

    /// <summary>Flushes what is held back at the end of the reply.</summary>
    public List<(FieldChunk? Chunk, string? Ended)> Complete()
    {
        var result = new List<(FieldChunk?, string?)>();
        if (!_done) Emit(result, _pending.ToString());
        _pending.Clear();
        if (_field is not null) result.Add((null, _field));
        _field = null;
        return result;
    }

    private void Emit(List<(FieldChunk?, string?)> into, string text)
    {
        if (_field is null || text.Length == 0) return;
        if (_atFieldStart)
        {
            // The header's own line break is not part of the value.
            text = text.TrimStart(' ', '\n', '\r');
            if (text.Length == 0) return;
            _atFieldStart = false;
        }
        into.Add((new FieldChunk(_field, text), null));
    }

    private static int PartialOpenSuffix(string text)
    {
        for (var n = Math.Min(Open.Length - 1, text.Length); n > 0; n--)
            if (Open.StartsWith(text[^n..], StringComparison.Ordinal)) return n;
        return 0;
    }
}
