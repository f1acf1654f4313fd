using System.Diagnostics.CodeAnalysis;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Reads a field type written in Python (<c>list[str]</c>, <c>Literal['a', 'b']</c>, <c>Optional[int]</c>) or
/// C# (<c>IReadOnlyList&lt;string&gt;</c>, <c>int?</c>, <c>string[]</c>) spelling.
/// </summary>
internal sealed class TypeSpellingReader(string text, int start, int end, IReadOnlyDictionary<string, Type> known)
{
    private int _pos = start;

    public FieldType ReadAll()
    {
        var type = ReadType();
        SkipSpace();
        if (_pos < end)
            throw SignatureParser.Error(text, _pos + 1, $"has an unexpected '{text[_pos]}' in a type at column {_pos + 1}: check the brackets, e.g. list[str] or dict[str, int].");
        return type;
    }

    private FieldType ReadType()
    {
        SkipSpace();
        var nameStart = _pos;
        while (_pos < end && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '.')) _pos++;
        var name = text[nameStart.._pos];
        if (name.Length == 0)
            throw SignatureParser.Error(text, nameStart + 1, $"is missing a type name at column {nameStart + 1}: write e.g. str, int or list[str].");
        name = name[(name.LastIndexOf('.') + 1)..]; // typing.List, System.String
        SkipSpace();

        FieldType type;
        if (_pos < end && text[_pos] is '[' or '<' && !IsArraySuffix())
        {
            var close = text[_pos] == '[' ? ']' : '>';
            _pos++;
            type = name switch
            {
                "Literal" => FieldType.LiteralOf(ReadLiterals(close)),
                "Code" => CodeIn(ReadLiterals(close), nameStart),
                _ => Generic(name, nameStart, ReadArguments(close)),
            };
        }
        else type = Simple(name, nameStart);

        SkipSpace();
        while (_pos < end)
        {
            if (text[_pos] == '?') { _pos++; type = FieldType.OptionalOf(type); }
            else if (text[_pos] == '[' && _pos + 1 < end && text[_pos + 1] == ']') { _pos += 2; type = FieldType.ListOf(type); }
            else if (text[_pos] == '|')
            {
                _pos++;
                var other = ReadType();
                if (other.ClrType != typeof(void))
                    throw SignatureParser.Error(text, _pos + 1, $"has a union other than 'T | None' near column {_pos + 1}: signatures support Optional[T] but not unions of two types.");
                type = FieldType.OptionalOf(type);
            }
            else break;
            SkipSpace();
        }
        return type;
    }

    private FieldType Simple(string name, int column) => name switch
    {
        "str" or "string" or "String" => FieldType.String,
        "int" or "long" or "Int32" or "Int64" => FieldType.Integer,
        "float" or "double" or "Double" => FieldType.Float,
        "decimal" or "Decimal" => FieldType.Create(FieldTypeKind.Float, typeof(decimal), "float"), // as FromClrType(typeof(decimal)), without reflection
        "bool" or "boolean" or "Boolean" => FieldType.Boolean,
        "None" or "NoneType" => NoneMarker,
        "Any" => FieldType.Any,
        "History" or "ConversationHistory" => FieldType.History, // dspy.History arrives here as History
        "Image" => FieldType.Image,
        "Audio" => FieldType.Audio,
        "File" or "FileInput" => FieldType.File,
        "Document" => FieldType.Document,
        "Citations" => FieldType.Citations,
        "Code" => FieldType.Code,
        "Tool" or "AIFunction" => FieldType.Tool, // dspy.Tool arrives here as Tool
        "ToolCalls" => FieldType.ToolCalls,
        "Reasoning" => FieldType.Reasoning,
        _ when name.StartsWith("Code_", StringComparison.Ordinal) => CodeIn([name[5..]], column), // Code["java"] as prompts spell it
        _ when known.TryGetValue(name, out var t) => Known(t, name, column),
        _ => throw SignatureParser.Error(text, column + 1,
            $"has an unknown type '{name}' at column {column + 1}: use str, int, float, bool, list[T], dict[K, V], Literal['a', 'b'], Optional[T] (or their C# spellings), or pass your enum or record type in the 'types' argument."),
    };

    // A type from the caller's types argument is read by reflection (an enum's members, a record's properties); where
    // reflection-based JSON is off, its values could not be converted either, so it is refused here, naming the way out.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = DspyJson.ReflectionOptIn)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = DspyJson.ReflectionOptIn)]
    private FieldType Known(Type type, string name, int column) =>
        DspyJson.IsReflectionEnabled
            ? FieldType.FromClrType(type)
            : throw SignatureParser.Error(text, column + 1,
                $"names the type '{name}' at column {column + 1}, which needs reflection: this app is trimmed or Native AOT " +
                "(JsonSerializerIsReflectionEnabledByDefault is false). Use str, int, float, bool, Literal['a', 'b'] or lists and dicts of them, " +
                "or set JsonSerializerIsReflectionEnabledByDefault to true in the app's project to opt back in.");

    // Only ever the right-hand side of "T | None"; never escapes this reader.
    private static readonly FieldType NoneMarker = FieldType.Create(FieldTypeKind.Optional, typeof(void), "None");

    private FieldType CodeIn(List<string> languages, int column)
    {
        if (languages.Count != 1)
            throw SignatureParser.Error(text, column + 1, $"gives Code {Counted.Of(languages.Count, "language")} at column {column + 1}; write one, e.g. Code['java'].");
        try
        {
            return FieldType.CodeIn(languages[0]);
        }
        catch (ArgumentException e)
        {
            throw SignatureParser.Error(text, column + 1, $"has a bad Code language at column {column + 1}: {e.Message}");
        }
    }

    private FieldType Generic(string name, int column, List<FieldType> args)
    {
        int Arity(int n)
        {
            if (args.Count != n)
                throw SignatureParser.Error(text, column + 1, $"gives {name} {Counted.Of(args.Count, "type argument")} at column {column + 1} but it takes {n}.");
            return n;
        }
        switch (name)
        {
            case "list" or "List" or "IReadOnlyList" or "IList" or "IEnumerable" or "Sequence" or "IReadOnlyCollection":
                Arity(1); return FieldType.ListOf(args[0]);
            case "dict" or "Dict" or "IReadOnlyDictionary" or "Dictionary" or "IDictionary" or "Mapping":
                Arity(2); return FieldType.DictionaryOf(args[0], args[1]);
            case "Optional" or "Nullable":
                Arity(1); return FieldType.OptionalOf(args[0]);
            case "Union" when args.Count == 2 && args.Any(a => a.ClrType == typeof(void)):
                return FieldType.OptionalOf(args.First(a => a.ClrType != typeof(void)));
            default:
                throw SignatureParser.Error(text, column + 1,
                    $"has an unknown generic type '{name}' at column {column + 1}: use list[T], dict[K, V], Optional[T] or Literal[...] (or IReadOnlyList<T>, IReadOnlyDictionary<K, V>, T?).");
        }
    }

    private List<FieldType> ReadArguments(char close)
    {
        var args = new List<FieldType>();
        while (true)
        {
            args.Add(ReadType());
            SkipSpace();
            if (_pos < end && text[_pos] == ',') { _pos++; continue; }
            Expect(close);
            return args;
        }
    }

    private List<string> ReadLiterals(char close)
    {
        var values = new List<string>();
        while (true)
        {
            SkipSpace();
            if (_pos >= end || text[_pos] is not ('\'' or '"'))
                throw SignatureParser.Error(text, _pos + 1, $"has a Literal value that is not quoted at column {_pos + 1}: write Literal['a', 'b'].");
            var quote = text[_pos++];
            var valueStart = _pos;
            while (_pos < end && text[_pos] != quote) _pos++;
            if (_pos >= end)
                throw SignatureParser.Error(text, valueStart, $"has an unterminated quote starting at column {valueStart}: close it with {quote}.");
            values.Add(text[valueStart.._pos]);
            _pos++;
            SkipSpace();
            if (_pos < end && text[_pos] == ',') { _pos++; continue; }
            Expect(close);
            return values;
        }
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (_pos >= end || text[_pos] != c)
            throw SignatureParser.Error(text, _pos + 1, $"is missing '{c}' at column {_pos + 1}: check the brackets of the type.");
        _pos++;
    }

    private bool IsArraySuffix() => text[_pos] == '[' && _pos + 1 < end && text[_pos + 1] == ']';

    private void SkipSpace()
    {
        while (_pos < end && char.IsWhiteSpace(text[_pos])) _pos++;
    }
}
