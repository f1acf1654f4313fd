using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// The saved form of a <see cref="SyntheticWorld"/>, written by hand with <see cref="Utf8JsonWriter"/> so that the bytes depend
/// only on the world: fixed property order, "\n" line ends on every OS, and readable (unescaped) non-ASCII names.
/// </summary>
internal static class SyntheticWorldJson
{
    public const string Format = "dspy-fluent/synthetic-world";
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Dictionary<string, QuestionTemplate> Templates =
        Enum.GetValues<QuestionTemplate>().ToDictionary(Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, PassageKind> Kinds =
        Enum.GetValues<PassageKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    public static string Name(QuestionTemplate template) => JsonNamingPolicy.SnakeCaseLower.ConvertName(template.ToString());

    public static byte[] Write(SyntheticWorld world)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            WriteOptions(w, world.Options);
            w.WriteStartArray("passages");
            foreach (var p in world.Passages)
            {
                w.WriteStartObject();
                w.WriteString("title", p.Title);
                w.WriteString("kind", p.Kind.ToString().ToLowerInvariant());
                w.WriteBoolean("distractor", p.IsDistractor);
                WriteStrings(w, "sentences", p.Sentences);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("facts");
            foreach (var f in world.Facts)
            {
                w.WriteStartObject();
                w.WriteString("subject", f.Subject);
                w.WriteString("relation", f.Relation);
                w.WriteString("object", f.Object);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("questions");
            foreach (var q in world.Questions) WriteQuestion(w, q);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteOptions(Utf8JsonWriter w, SyntheticWorldOptions o)
    {
        w.WriteStartObject("options");
        w.WriteNumber("seed", o.Seed);
        w.WriteNumber("questions", o.Questions);
        w.WriteNumber("comparison_share", o.ComparisonShare);
        w.WriteNumber("distractor_share", o.DistractorShare);
        w.WriteNumber("distractors_per_question", o.DistractorsPerQuestion);
        if (o.Templates is null) w.WriteNull("templates");
        else WriteStrings(w, "templates", o.Templates.Select(Name));
        w.WriteEndObject();
    }

    private static void WriteQuestion(Utf8JsonWriter w, SyntheticQuestion q)
    {
        w.WriteStartObject();
        w.WriteString("id", q.Id);
        w.WriteString("question", q.Question);
        w.WriteString("answer", q.Answer);
        w.WriteString("type", q.Type);
        w.WriteString("level", q.Level);
        w.WriteString("template", Name(q.Template));
        if (q.Bridge is null) w.WriteNull("bridge");
        else w.WriteString("bridge", q.Bridge);
        w.WriteStartArray("supporting_facts");
        foreach (var f in q.SupportingFacts)
        {
            w.WriteStartArray();
            w.WriteStringValue(f.Title);
            w.WriteNumberValue(f.SentenceIndex);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        WriteStrings(w, "supporting_titles", q.SupportingTitles);
        WriteStrings(w, "distractor_titles", q.DistractorTitles);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    public static SyntheticWorld Read(byte[] utf8, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (doc)
        {
            var r = new Reader(source);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != Format)
                throw new FormatException($"{source} is not a saved synthetic world: it needs \"format\": \"{Format}\" at the top. Save worlds with SyntheticWorld.SaveAsync.");
            var version = r.Int(root, "version", "$");
            if (version != Version)
                throw new FormatException($"{source} is a synthetic world of format version {version}; this library reads version {Version}. Regenerate it with SyntheticWorld.Generate.");
            var options = ReadOptions(r, r.Get(root, "options", "$", JsonValueKind.Object));
            var passages = r.Array(root, "passages", "$", (e, path) => new SyntheticPassage(
                r.String(e, "title", path), r.Lookup(Kinds, r.String(e, "kind", path), $"{path}.kind"), r.Strings(e, "sentences", path), r.Bool(e, "distractor", path)));
            var facts = r.Array(root, "facts", "$", (e, path) => new SyntheticFact(r.String(e, "subject", path), r.String(e, "relation", path), r.String(e, "object", path)));
            var questions = r.Array(root, "questions", "$", (e, path) => ReadQuestion(r, e, path));
            return new SyntheticWorld(options, passages, facts, questions);
        }
    }

    private static SyntheticWorldOptions ReadOptions(Reader r, JsonElement e)
    {
        const string path = "$.options";
        var templates = r.Get(e, "templates", path, JsonValueKind.Array, JsonValueKind.Null);
        return new SyntheticWorldOptions
        {
            Seed = r.Int(e, "seed", path),
            Questions = r.Int(e, "questions", path),
            ComparisonShare = r.Double(e, "comparison_share", path),
            DistractorShare = r.Double(e, "distractor_share", path),
            DistractorsPerQuestion = r.Int(e, "distractors_per_question", path),
            Templates = templates.ValueKind == JsonValueKind.Null ? null
                : r.Strings(e, "templates", path).Select((t, i) => r.Lookup(Templates, t, $"{path}.templates[{i}]")).ToList(),
        };
    }

    private static SyntheticQuestion ReadQuestion(Reader r, JsonElement e, string path)
    {
        var bridge = r.Get(e, "bridge", path, JsonValueKind.String, JsonValueKind.Null);
        var facts = r.Array(e, "supporting_facts", path, (f, p) =>
        {
            if (f.ValueKind != JsonValueKind.Array || f.GetArrayLength() != 2 || f[0].ValueKind != JsonValueKind.String || !f[1].TryGetInt32(out var index))
                throw r.Error(p, "must be a [title, sentence index] pair");
            return new SupportingFact(f[0].GetString()!, index);
        });
        return new SyntheticQuestion(r.String(e, "id", path), r.String(e, "question", path), r.String(e, "answer", path), r.String(e, "type", path),
            r.String(e, "level", path), r.Lookup(Templates, r.String(e, "template", path), $"{path}.template"),
            bridge.ValueKind == JsonValueKind.Null ? null : bridge.GetString(), facts, r.Strings(e, "supporting_titles", path), r.Strings(e, "distractor_titles", path));
    }

    /// <summary>Reads required members, turning every shape problem into one message that names the file and the JSON path.</summary>
    private sealed class Reader(string source)
    {
        public FormatException Error(string path, string problem) =>
            new($"{source} is not a valid saved synthetic world: {path} {problem}. Regenerate it with SyntheticWorld.Generate and SaveAsync.");

        public JsonElement Get(JsonElement parent, string name, string path, params JsonValueKind[] kinds)
        {
            if (!parent.TryGetProperty(name, out var value)) throw Error($"{path}.{name}", "is missing");
            if (kinds.Length > 0 && !kinds.Contains(value.ValueKind))
                throw Error($"{path}.{name}", $"must be {string.Join(" or ", kinds.Select(k => k.ToString().ToLowerInvariant()))}, not {value.ValueKind.ToString().ToLowerInvariant()}");
            return value;
        }

        public string String(JsonElement parent, string name, string path) => Get(parent, name, path, JsonValueKind.String).GetString()!;

        public bool Bool(JsonElement parent, string name, string path) => Get(parent, name, path, JsonValueKind.True, JsonValueKind.False).GetBoolean();

        public int Int(JsonElement parent, string name, string path) =>
            Get(parent, name, path, JsonValueKind.Number).TryGetInt32(out var v) ? v : throw Error($"{path}.{name}", "must be a whole number");

        public double Double(JsonElement parent, string name, string path) => Get(parent, name, path, JsonValueKind.Number).GetDouble();

        public IReadOnlyList<string> Strings(JsonElement parent, string name, string path) =>
            Array(parent, name, path, (e, p) => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(p, "must be a string"));

        public IReadOnlyList<T> Array<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T> read)
        {
            var list = new List<T>();
            var i = 0;
            foreach (var item in Get(parent, name, path, JsonValueKind.Array).EnumerateArray())
                list.Add(read(item, $"{path}.{name}[{i++}]"));
            return list;
        }

        public T Lookup<T>(Dictionary<string, T> known, string value, string path) =>
            known.TryGetValue(value, out var v) ? v : throw Error(path, $"is \"{value}\", which is not one of {string.Join(", ", known.Keys)}");
    }
}
