using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Splits a ChatAdapter reply into per-field text while it streams in. Text that could still turn out to be the start
/// of a <c>[[ ## name ## ]]</c> header is held back until the next chunk decides it; nothing after
/// <c>[[ ## completed ## ]]</c> belongs to a field.
/// </summary>
internal sealed class ChatFieldStreamReader(Signature signature) : IFieldStreamReader
{
    private const string Open = "[[ ## ";
    private const string Close = " ## ]]";
    private readonly StringBuilder _pending = new();
    private string _heldWhitespace = "";
    private string? _field;
    private bool _atFieldStart;
    private bool _done;

    public IReadOnlyList<FieldChunk> Read(string text)
    {
        var result = new List<FieldChunk>();
        if (_done) return result;
        _pending.Append(text);
        while (_pending.Length > 0)
        {
            var pending = _pending.ToString();
            var open = pending.IndexOf(Open, StringComparison.Ordinal);
            if (open < 0)
            {
                var keep = PartialOpenSuffix(pending);
                Emit(result, pending[..^keep]);
                _pending.Remove(0, pending.Length - keep);
                return result;
            }
            Emit(result, pending[..open]);
            var close = pending.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                _pending.Remove(0, open);
                return result; // the header is not complete yet
            }
            var name = pending[(open + Open.Length)..close];
            _pending.Remove(0, close + Close.Length);
            _heldWhitespace = "";
            if (name == "completed") { _field = null; _done = true; _pending.Clear(); return result; }
            _field = signature.OutputFields.Any(f => f.Name == name) ? name : null;
            _atFieldStart = true;
        }
        return result;
    }

    public IReadOnlyList<FieldChunk> Complete()
    {
        var result = new List<FieldChunk>();
        if (!_done) Emit(result, _pending.ToString());
        _pending.Clear();
        _field = null;
        _done = true;
        return result;
    }

    private void Emit(List<FieldChunk> into, string text)
    {
        if (_field is null || text.Length == 0) return;
        if (_atFieldStart)
        {
            // The header's own line break is not part of the value.
            text = text.TrimStart(' ', '\n', '\r');
            if (text.Length == 0) return;
            _atFieldStart = false;
        }
        var content = text.TrimEnd();
        if (content.Length == 0) { _heldWhitespace += text; return; }
        into.Add(new FieldChunk(_field, _heldWhitespace + content));
        _heldWhitespace = text[content.Length..];
    }

    private static int PartialOpenSuffix(string text)
    {
        for (var n = Math.Min(Open.Length - 1, text.Length); n > 0; n--)
            if (Open.StartsWith(text[^n..], StringComparison.Ordinal)) return n;
        return 0;
    }
}
