using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// The type of a signature field: what the LM is told to produce and what a reply is converted to.
/// </summary>
/// <remarks>
/// Types render in prompts with DSPy's Python spellings (<c>str</c>, <c>int</c>, <c>list[str]</c>,
/// <c>Literal['a', 'b']</c>) so a prompt built here is byte-for-byte the prompt DSPy builds.
/// Instances are immutable and compare by value.
/// </remarks>
public sealed class FieldType : IEquatable<FieldType>
{
    private string? _jsonSchema;

    private FieldType(FieldTypeKind kind, Type clrType, string pythonName, FieldType? element = null,
        FieldType? key = null, IReadOnlyList<string>? choices = null)
    {
        Kind = kind;
        ClrType = clrType;
        PythonName = pythonName;
        ElementType = element;
        KeyType = key;
        Choices = choices ?? [];
    }

    /// <summary>Free text; the default when a field names no type.</summary>
    public static FieldType String { get; } = new(FieldTypeKind.String, typeof(string), "str");

    /// <summary>A whole number held as <see cref="long"/> (Python's <c>int</c>).</summary>
    public static FieldType Integer { get; } = new(FieldTypeKind.Integer, typeof(long), "int");

    /// <summary>A floating-point number held as <see cref="double"/> (Python's <c>float</c>).</summary>
    public static FieldType Float { get; } = new(FieldTypeKind.Float, typeof(double), "float");

    /// <summary>True or false.</summary>
    public static FieldType Boolean { get; } = new(FieldTypeKind.Boolean, typeof(bool), "bool");

    /// <summary>Any JSON value (Python's <c>Any</c>), held as a <see cref="System.Text.Json.JsonElement"/>; e.g. the values of <c>dict[str, Any]</c>.</summary>
    public static FieldType Any { get; } = new(FieldTypeKind.Object, typeof(object), "Any");

    /// <summary>A conversation's earlier turns (<see cref="ConversationHistory"/>, DSPy's <c>dspy.History</c>), for an input field.</summary>
    /// <example><code>var signature = Signature.Parse("question -> answer").WithInput("history", type: FieldType.History);</code></example>
    public static FieldType History { get; } = new(FieldTypeKind.Object, typeof(ConversationHistory), "History");

    /// <summary>An image (<see cref="Dspy.Fluent.Image"/>, DSPy's <c>dspy.Image</c>), for an input field; <c>list[Image]</c> is <see cref="ListOf"/> it.</summary>
    /// <example><code>var signature = Signature.Parse("question -> answer").WithInput("photo", type: FieldType.Image);</code></example>
    public static FieldType Image { get; } = new(FieldTypeKind.Object, typeof(Image), "Image");

    /// <summary>An audio clip (<see cref="Dspy.Fluent.Audio"/>, DSPy's <c>dspy.Audio</c>), for an input field; <c>list[Audio]</c> is <see cref="ListOf"/> it.</summary>
    /// <example><code>var signature = Signature.Parse("question -> answer").WithInput("clip", type: FieldType.Audio);</code></example>
    public static FieldType Audio { get; } = new(FieldTypeKind.Object, typeof(Audio), "Audio");

    /// <summary>A file (<see cref="FileInput"/>, DSPy's <c>dspy.File</c>), for an input field; signatures spell it <c>File</c>.</summary>
    /// <example><code>var signature = Signature.Parse("question -> answer").WithInput("document", type: FieldType.File);</code></example>
    public static FieldType File { get; } = new(FieldTypeKind.Object, typeof(FileInput), "File");

    /// <summary>
    /// An LM's reasoning as text (DSPy's <c>dspy.Reasoning</c>), for an output field. Prompts show it as <c>str</c>, as
    /// DSPy's do; when the request asks for native reasoning (<see cref="Microsoft.Extensions.AI.ChatOptions.Reasoning"/>
    /// set, effort not <c>None</c>) the field is left out of the prompt and filled from the reply's reasoning content.
    /// </summary>
    /// <example><code>var qa = Predict.Create("qa", "question -> reasoning: Reasoning, answer");</code></example>
    public static FieldType Reasoning { get; } = new(FieldTypeKind.String, typeof(string), "str") { IsReasoning = true };

    /// <summary>
    /// A tool given to the LM as an input value (DSPy's <c>dspy.Tool</c>), held as M.E.AI's <see cref="Microsoft.Extensions.AI.AIFunction"/>;
    /// <c>list[Tool]</c> is <see cref="ListOf"/> it. Prompts show each tool as ReAct does (<c>name, whose description is …</c>);
    /// with native function calling (<see cref="IAdapter.UseNativeFunctionCalling"/>) the tools go out as function declarations instead.
    /// </summary>
    /// <example><code>var signature = Signature.Parse("question, tools: list[Tool] -> answer, calls: ToolCalls");</code></example>
    public static FieldType Tool { get; } = new(FieldTypeKind.Object, typeof(Microsoft.Extensions.AI.AIFunction), "Tool");

    /// <summary>
    /// The tool calls an LM asks for (<see cref="Dspy.Fluent.ToolCalls"/>, DSPy's <c>dspy.ToolCalls</c>), for an output field:
    /// read from <c>{"tool_calls": [{"name": …, "args": {…}}]}</c> in the reply text, or from the reply's native function calls.
    /// </summary>
    /// <example><code>var signature = Signature.Parse("question -> answer").WithOutput("calls", type: FieldType.ToolCalls);</code></example>
    public static FieldType ToolCalls { get; } = new(FieldTypeKind.Object, typeof(ToolCalls), "ToolCalls") { _jsonSchema = ToolCallsSchema };

    // pydantic's schema of dspy.ToolCalls with DSPy's key order, as DSPy's prompts show it.
    private const string ToolCallsSchema =
        """{"type": "object", "$defs": {"ToolCall": {"type": "object", "properties": {"args": {"type": "object", "additionalProperties": true, "title": "Args"}, "name": {"type": "string", "title": "Name"}}, "required": ["name", "args"], "title": "ToolCall"}}, "properties": {"tool_calls": {"type": "array", "items": {"$ref": "#/$defs/ToolCall"}, "title": "Tool Calls"}}, "required": ["tool_calls"], "title": "ToolCalls"}""";

    /// <summary>Whether this is <see cref="Tool"/>.</summary>
    /// <example><code>var isTool = FieldType.Tool.IsTool; // true</code></example>
    public bool IsTool => ClrType == typeof(Microsoft.Extensions.AI.AIFunction);

    /// <summary>Whether this is <see cref="ToolCalls"/>.</summary>
    /// <example><code>var isCalls = FieldType.ToolCalls.IsToolCalls; // true</code></example>
    public bool IsToolCalls => ClrType == typeof(ToolCalls);

    /// <summary>Whether this is <see cref="Tool"/> or a list of it.</summary>
    internal bool HoldsTools => IsTool || (Kind == FieldTypeKind.List && ElementType!.IsTool);

    /// <summary>Whether this is <see cref="Reasoning"/>: text in prompts, the LM's own reasoning when the request asks for it.</summary>
    /// <example><code>var native = signature.OutputFields.Where(f => f.Type.IsReasoning);</code></example>
    public bool IsReasoning { get; private init; }

    /// <summary>How a signature's text spells this type: <see cref="PythonName"/>, except <c>Reasoning</c>, which prompts show as <c>str</c>.</summary>
    internal string Spelling => IsReasoning ? "Reasoning" : PythonName;

    /// <summary>A document an LM can cite (<see cref="Dspy.Fluent.Document"/>, DSPy's experimental <c>Document</c>), for an input field; <c>list[Document]</c> is <see cref="ListOf"/> it.</summary>
    /// <example><code>var signature = Signature.Parse("documents: list[Document], question -> answer, citations: Citations");</code></example>
    public static FieldType Document { get; } = new(FieldTypeKind.Object, typeof(Document), "Document");

    /// <summary>
    /// The citations of an answer (<see cref="Dspy.Fluent.Citations"/>, DSPy's experimental <c>Citations</c>), for an output field.
    /// When the chat client is Anthropic's (its metadata's provider name is <c>anthropic</c>, as DSPy checks the model's
    /// prefix) the field is left out of the prompt; whenever the reply carries citation annotations they fill it.
    /// </summary>
    /// <example><code>var signature = Signature.Parse("question -> answer").WithOutput("citations", type: FieldType.Citations);</code></example>
    public static FieldType Citations { get; } = new(FieldTypeKind.Object, typeof(Citations), "Citations");

    /// <summary>Whether this is <see cref="Citations"/>.</summary>
    internal bool IsCitations => ClrType == typeof(Citations);

    /// <summary>Whether this is <see cref="Document"/> or a list of it (<c>Optional</c> included), which adapters send as document parts.</summary>
    internal bool HoldsDocuments => ClrType == typeof(Document) || (ElementType?.HoldsDocuments ?? false);

    /// <summary>The custom type whose description DSPy shows under a field of this type (itself, or the type inside a list or Optional), else null.</summary>
    internal FieldType? DescribedType => TypeDescription is not null ? this : ElementType?.DescribedType;

    /// <summary>Source code in Python (<see cref="Dspy.Fluent.Code"/>, DSPy's <c>dspy.Code</c>); <see cref="CodeIn"/> names another language.</summary>
    /// <example><code>var signature = Signature.Parse("question -> answer").WithOutput("code", type: FieldType.Code);</code></example>
    public static FieldType Code { get; } = new(FieldTypeKind.Object, typeof(Code), "Code") { CodeLanguage = "python" };

    /// <summary>Source code in <paramref name="language"/> (DSPy's <c>dspy.Code["java"]</c>, shown in prompts as <c>Code_java</c>).</summary>
    /// <param name="language">The language, as the prompt names it, e.g. <c>java</c>.</param>
    /// <exception cref="ArgumentException">The language is empty or holds characters a type name cannot.</exception>
    /// <example><code>var snippet = FieldType.CodeIn("java"); // Signature.Parse("snippet: Code['java'] -> complexity") gives the same</code></example>
    public static FieldType CodeIn(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (language.Length == 0 || !language.All(c => char.IsLetterOrDigit(c) || c is '_' or '+' or '#'))
            throw new ArgumentException($"'{language}' is not a language name for Code[...]: use letters and digits, e.g. Code['java'].", nameof(language));
        return language == "python" ? Code : new(FieldTypeKind.Object, typeof(Code), $"Code_{language}") { CodeLanguage = language };
    }

    /// <summary>The language of a <see cref="Code"/> type, else null.</summary>
    internal string? CodeLanguage { get; private init; }

    /// <summary>DSPy's type description of a custom type (<c>dspy.Type.description()</c>), shown under each field that uses it; null for none.</summary>
    internal string? TypeDescription => CodeLanguage is { } language
        ? "Code represented in a string, specified in the `code` field. If this is an output field, the code field should follow the markdown code block format, e.g. \n" +
          $"```{language.ToLowerInvariant()}\n{{code}}\n```\nProgramming language: {language}"
        : IsToolCalls
            ? "Tool calls must be a JSON object with `tool_calls`, a list of calls. Each call must include `name` and `args`. " +
              "Example: {\"tool_calls\": [{\"name\": \"search\", \"args\": {\"query\": \"cats\"}}]}"
            : ClrType == typeof(Document) ? CitationTexts.DocumentDescription
            : ClrType == typeof(Citations) ? CitationTexts.CitationsDescription
            : null;

    /// <summary>Text shown to the LM under another type name (RLM's <c>REPLHistory</c>, which it formats itself).</summary>
    internal static FieldType TextNamed(string pythonName) => new(FieldTypeKind.String, typeof(string), pythonName);

    /// <summary>
    /// Whether this is <see cref="Image"/>, <see cref="Audio"/> or <see cref="File"/>, or a list of one (<c>Optional</c>
    /// included), which adapters send as content parts of their own.
    /// </summary>
    internal bool HoldsMedia => MediaType is not null;

    /// <summary>The media value type this holds (<see cref="Dspy.Fluent.Image"/>, <see cref="Dspy.Fluent.Audio"/>, <see cref="FileInput"/>), or null.</summary>
    internal Type? MediaType => ClrType == typeof(Image) || ClrType == typeof(Audio) || ClrType == typeof(FileInput) ? ClrType : ElementType?.MediaType;

    /// <summary>Whether this is <see cref="History"/>.</summary>
    public bool IsHistory => ClrType == typeof(ConversationHistory);

    /// <summary>What kind of value this is.</summary>
    public FieldTypeKind Kind { get; }

    /// <summary>The .NET type a parsed value of this field has.</summary>
    public Type ClrType { get; }

    /// <summary>The Python spelling DSPy shows in prompts, e.g. <c>list[str]</c>.</summary>
    public string PythonName { get; }

    /// <summary>The element type of a list, the value type of a dictionary, or the inner type of an optional.</summary>
    public FieldType? ElementType { get; }

    /// <summary>The key type of a dictionary.</summary>
    public FieldType? KeyType { get; }

    /// <summary>The allowed values of an enum or literal, in declaration order; empty for other kinds.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>The JSON schema of this type as compact JSON, in the key order DSPy shows (<c>type</c> first, then alphabetical).</summary>
    public string JsonSchema => _jsonSchema ??= IsCitations ? CitationTexts.CitationsSchema : FieldTypeSchema.Write(this);

    /// <summary>A list of <paramref name="element"/> values, held as <see cref="IReadOnlyList{T}"/>.</summary>
    /// <param name="element">The element type.</param>
    public static FieldType ListOf(FieldType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        RefuseNestedCode(element, "list");
        return new(FieldTypeKind.List, ClosedGenerics.ReadOnlyList(element.ClrType),
            $"list[{element.PythonName}]", element);
    }

    // DSPy's prompt for Code inside a list, dict or Optional embeds the dspy.Code class docstring in a JSON schema; that
    // text is not reproduced here, so the prompt would differ from DSPy's without a word: refused instead.
    private static void RefuseNestedCode(FieldType inner, string container)
    {
        if (inner.CodeLanguage is not null)
            throw new NotSupportedException(
                $"{container}[{inner.PythonName}] is not supported: DSPy's prompt for Code inside a {container} carries dspy.Code's whole class docstring " +
                "as a JSON schema, which Dspy.Fluent does not reproduce. Use one Code field per piece of code, or list[str].");
    }

    /// <summary>A map from <paramref name="key"/> to <paramref name="value"/>, held as <see cref="IReadOnlyDictionary{TKey, TValue}"/>.</summary>
    /// <param name="key">The key type; JSON objects need string keys, so anything else is written as text.</param>
    /// <param name="value">The value type.</param>
    public static FieldType DictionaryOf(FieldType key, FieldType value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        RefuseNestedCode(value, "dict");
        RefuseNestedCode(key, "dict");
        return new(FieldTypeKind.Dictionary, ClosedGenerics.ReadOnlyDictionary(key.ClrType, value.ClrType),
            $"dict[{key.PythonName}, {value.PythonName}]", value, key);
    }

    /// <summary>A value of <paramref name="inner"/> type that may be missing (<c>Optional[T]</c>).</summary>
    /// <param name="inner">The type of a present value.</param>
    public static FieldType OptionalOf(FieldType inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        RefuseNestedCode(inner, "Optional");
        if (inner.Kind == FieldTypeKind.Optional) return inner;
        var clr = inner.ClrType.IsValueType ? ClosedGenerics.Nullable(inner.ClrType) : inner.ClrType;
        // DSPy prints typing's own spelling of Optional[T].
        return new(FieldTypeKind.Optional, clr, $"Union[{inner.PythonName}, NoneType]", inner);
    }

    /// <summary>One of a fixed set of strings, e.g. <c>Literal['positive', 'negative']</c>.</summary>
    /// <param name="choices">The allowed values, at least one, without duplicates.</param>
    /// <exception cref="ArgumentException">No choices, or a duplicate choice.</exception>
    public static FieldType LiteralOf(params string[] choices) => LiteralOf((IEnumerable<string>)choices);

    /// <summary>One of a fixed set of strings, e.g. <c>Literal['positive', 'negative']</c>.</summary>
    /// <param name="choices">The allowed values, at least one, without duplicates.</param>
    /// <exception cref="ArgumentException">No choices, or a duplicate choice.</exception>
    public static FieldType LiteralOf(IEnumerable<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var list = choices.ToArray();
        if (list.Length == 0) throw new ArgumentException("A literal type needs at least one allowed value, e.g. Literal['yes', 'no'].", nameof(choices));
        var duplicate = list.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"The literal value '{duplicate.Key}' appears twice; list each allowed value once.", nameof(choices));
        var spelled = string.Join(", ", list.Select(PythonLiteral.Quote));
        return new(FieldTypeKind.Literal, typeof(string), $"Literal[{spelled}]", choices: list);
    }

    /// <summary>A member of the .NET enum <paramref name="enumType"/>; the LM sees member names (or their <see cref="JsonStringEnumMemberNameAttribute"/>).</summary>
    /// <param name="enumType">An enum type.</param>
    /// <exception cref="ArgumentException"><paramref name="enumType"/> is not an enum.</exception>
    public static FieldType EnumOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        if (!enumType.IsEnum) throw new ArgumentException($"{enumType.Name} is not an enum type.", nameof(enumType));
        var names = enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
            .ToArray();
        return new(FieldTypeKind.Enum, enumType, enumType.Name, choices: names);
    }

    /// <summary>A record or class exchanged as JSON following its schema; property names are snake_case unless <see cref="JsonPropertyNameAttribute"/> says otherwise.</summary>
    /// <param name="type">The record or class type.</param>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static FieldType ObjectOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new(FieldTypeKind.Object, type, type.Name);
    }

    /// <summary>The field type for a .NET type: strings, numbers, bool, enums, lists, dictionaries, nullables and records.</summary>
    /// <param name="type">The .NET type, e.g. <c>typeof(IReadOnlyList&lt;string&gt;)</c>.</param>
    /// <example><code>FieldType.FromClrType(typeof(int)).PythonName // "int"</code></example>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static FieldType FromClrType(Type type) => ClrFieldTypes.From(type);

    private const string RecordReadBack =
        "An Object field type is only created by APIs that carry RequiresUnreferencedCode (ObjectOf, FromClrType, typed signatures) " +
        "or by Signature.Parse's types argument, which throws when reflection-based JSON is off; the app is warned where it names the record. " +
        "FieldType.Any is the one Object made without them, and typeof(object) has no properties to read.";

    /// <summary>The record's properties as the LM sees them; empty for a type that is not a record.</summary>
    internal IReadOnlyList<RecordProperty> RecordProperties =>
        CodeLanguage is not null ? CodeShape : IsTool || IsToolCalls ? [] : Kind == FieldTypeKind.Object ? RecordShapeOf(ClrType) : [];

    // dspy.Code's pydantic model: one required string, "code".
    private static readonly IReadOnlyList<RecordProperty> CodeShape =
        [new RecordProperty(typeof(Code).GetProperty(nameof(Dspy.Fluent.Code.Text))!, "code", String, Description: null, Required: true)];

    /// <summary>The record's <see cref="System.ComponentModel.DescriptionAttribute"/>, if any.</summary>
    internal string? RecordDescription => Kind == FieldTypeKind.Object && !IsTool && !IsToolCalls ? RecordDescriptionOf(ClrType) : null;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = RecordReadBack)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = RecordReadBack)]
    private static IReadOnlyList<RecordProperty> RecordShapeOf(Type type) => RecordShape.Of(type);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = RecordReadBack)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = RecordReadBack)]
    private static string? RecordDescriptionOf(Type type) => RecordShape.TypeDescription(type);

    internal static FieldType Create(FieldTypeKind kind, Type clrType, string pythonName) => new(kind, clrType, pythonName);

    internal FieldType WithClrType(Type clrType) => new(Kind, clrType, PythonName, ElementType, KeyType, Choices);

    /// <summary>Whether this type is plain text (the only kind with no type note in prompts).</summary>
    public bool IsString => Kind == FieldTypeKind.String;

    /// <inheritdoc />
    public bool Equals(FieldType? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Kind == other.Kind && ClrType == other.ClrType && PythonName == other.PythonName && IsReasoning == other.IsReasoning &&
             Equals(ElementType, other.ElementType) && Equals(KeyType, other.KeyType) &&
             Choices.SequenceEqual(other.Choices)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FieldType);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, ClrType, PythonName);

    /// <summary>The Python spelling, e.g. <c>list[str]</c>.</summary>
    public override string ToString() => PythonName;
}
