using System.Globalization;
using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Splits an XmlAdapter reply into per-field text while it streams in: the text inside each top-level output tag
/// (<c>&lt;answer&gt;…&lt;/answer&gt;</c>), entities decoded. A half-read tag or entity is held back until it is complete,
/// and so is whitespace that may turn out to be the line break before the closing tag.
/// </summary>
/// <remarks>Markup nested inside a field (lists, records) is passed on as the LM wrote it; only the final parse reads
/// it as a structure. Tags other than the output fields are skipped with all they contain.</remarks>
internal sealed class XmlFieldStreamReader(Signature signature) : CharFieldStreamReader
{
    private readonly StringBuilder _markup = new();   // a tag or entity being read
    private readonly StringBuilder _whitespace = new(); // held back inside a field
    private readonly StringBuilder _text = new();      // decided text of the current field, not yet handed out
    private string? _field;
    private bool _atFieldStart;
    private int _otherDepth; // depth inside tags that are not output fields
    private bool _inTag;
    private bool _inEntity;

    public override IReadOnlyList<FieldChunk> Complete()
    {
        var result = new List<FieldChunk>();
        if (_field is not null && _markup.Length > 0) Content(_markup.ToString());
        _markup.Clear();
        Flush(result);
        _field = null;
        return result;
    }

    private protected override void Step(char c, List<FieldChunk> result)
    {
        if (_inTag)
        {
            _markup.Append(c);
            if (c == '>') { _inTag = false; Tag(_markup.ToString(), result); _markup.Clear(); }
            return;
        }
        if (_inEntity)
        {
            _markup.Append(c);
            if (c == ';') { _inEntity = false; Content(Decode(_markup.ToString())); _markup.Clear(); }
            else if (_markup.Length > 12 || c is '<' or '&' || char.IsWhiteSpace(c))
            {
                // Not an entity after all: the final parse reports it; here it is text.
                _inEntity = false;
                var raw = _markup.ToString(0, _markup.Length - 1);
                _markup.Clear();
                Content(raw);
                Step(c, result);
            }
            return;
        }
        switch (c)
        {
            case '<': _inTag = true; _markup.Append(c); break;
            case '&' when _field is not null: _inEntity = true; _markup.Append(c); break;
            default: if (_field is not null) Content(c.ToString()); break;
        }
    }

    private void Tag(string tag, List<FieldChunk> result)
    {
        if (_field is not null)
        {
            if (tag == $"</{_field}>")
            {
                _whitespace.Clear(); // the line break before the closing tag is not part of the value
                Flush(result);
                _field = null;
            }
            else Content(tag);
            return;
        }
        if (tag.StartsWith("<?", StringComparison.Ordinal) || tag.StartsWith("<!", StringComparison.Ordinal) || tag.EndsWith("/>", StringComparison.Ordinal)) return;
        if (tag.StartsWith("</", StringComparison.Ordinal)) { if (_otherDepth > 0) _otherDepth--; return; }
        var name = tag[1..^1].Split([' ', '\t', '\n', '\r'], 2)[0];
        if (_otherDepth == 0 && signature.OutputFields.Any(f => f.Name == name))
        {
            _field = name;
            _atFieldStart = true;
        }
        else _otherDepth++;
    }

    private void Content(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!_atFieldStart) _whitespace.Append(c);
                continue;
            }
            _atFieldStart = false;
            _text.Append(_whitespace).Append(c);
            _whitespace.Clear();
        }
    }

    private protected override void Flush(List<FieldChunk> result)
    {
        if (_field is null || _text.Length == 0) return;
        result.Add(new FieldChunk(_field, _text.ToString()));
        _text.Clear();
    }

    private static string Decode(string entity) => entity switch
    {
        "&amp;" => "&",
        "&lt;" => "<",
        "&gt;" => ">",
        "&quot;" => "\"",
        "&apos;" => "'",
        _ when entity.StartsWith("&#x", StringComparison.OrdinalIgnoreCase)
               && int.TryParse(entity.AsSpan(3, entity.Length - 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) => CodePoint(hex, entity),
        _ when entity.StartsWith("&#", StringComparison.Ordinal)
               && int.TryParse(entity.AsSpan(2, entity.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var dec) => CodePoint(dec, entity),
        _ => entity,
    };

    private static string CodePoint(int value, string entity) =>
        value is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(value) : entity;
}
