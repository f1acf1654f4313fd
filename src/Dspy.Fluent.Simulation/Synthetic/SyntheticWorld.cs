using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// A seeded, fictional multi-hop world: people, organisations, cities, countries and works with facts between them,
/// one Wikipedia-abstract-style passage per entity, distractor passages, and two-hop questions in HotPotQA's shape.
/// Because every name is invented, no model can answer from memory: a program has to retrieve and chain passages.
/// </summary>
/// <remarks>
/// <para><b>Entities.</b> Countries and cities have invented syllable names (e.g. "Ostrelia", "Velmora"); each country has
/// five cities, the first its capital. People get first and last names from Bogus's English, German, French, Italian, Dutch,
/// Spanish and Swedish name lists, a birth year (1900–1990), a birth city and an occupation. Organisations are companies
/// ("Brightwater Analytics"), bands ("The Velvet Lanterns") and universities ("Stonebridge College"), each with a founder,
/// a founding year and a home city. Works are books, films and albums with a creator and a release year. No two entities
/// share a full name, and no place shares a name with a surname.</para>
/// <para><b>Passages.</b> One per entity, titled by its name, written from several phrasings per relation chosen by the seed
/// (see <c>docs/synthetic-world.md</c>); each sentence ends with a full stop and states one to four facts; about half the
/// passages end with a filler sentence that states none. <see cref="Corpus"/> holds them as <c>"title | text"</c>.</para>
/// <para><b>Questions.</b> Each question gets fresh entities, so its answer is unique. Bridge questions (e.g. "In which city
/// was the founder of Brightwater Analytics born?") name one entity; its passage names the bridge (the founder), whose
/// passage holds the answer. Comparison questions name two entities ("Which was founded first, A or B?", "Were P and Q born
/// in the same city?"). Answers are exact spans of a supporting passage, or "yes"/"no".</para>
/// <para><b>Distractors.</b> A share of questions (<see cref="SyntheticWorldOptions.DistractorShare"/>) get passages meant to
/// mislead: a namesake (same surname and occupation, other city and year), an organisation or work with a look-alike name,
/// or a person whose passage mentions the question's entity in another role ("Lund worked as an engineer at Brightwater
/// Analytics.").</para>
/// <para><b>Reproducibility.</b> Everything is drawn from one Bogus <c>Randomizer</c> seeded with <see cref="SyntheticWorldOptions.Seed"/>:
/// the same options give byte-identical <see cref="ToJson"/> output (for the same Bogus version, whose name lists feed it).
/// Generating 1,000 questions (about 4,100 passages) takes about 0.2 s of CPU.</para>
/// </remarks>
/// <example>
/// <code>
/// var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 200 });
/// IReadOnlyList&lt;Example&gt; examples = world.ToExamples();   // question → answer, type, level, supporting_titles
/// IReadOnlyList&lt;string&gt; corpus = world.Corpus;            // "Brightwater Analytics | Brightwater Analytics is a ..."
/// await world.SaveAsync("world.json");
/// </code>
/// </example>
public sealed class SyntheticWorld
{
    private readonly Lazy<IReadOnlyList<string>> corpus;

    internal SyntheticWorld(SyntheticWorldOptions options, IReadOnlyList<SyntheticPassage> passages, IReadOnlyList<SyntheticFact> facts,
        IReadOnlyList<SyntheticQuestion> questions)
    {
        Options = options;
        Passages = passages;
        Facts = facts;
        Questions = questions;
        corpus = new(() => Passages.Select(p => p.CorpusText).ToList());
    }

    /// <summary>Builds a world from <paramref name="options"/> (or the defaults: seed 0, 200 questions).</summary>
    /// <param name="options">Seed, size, question mix and distractors.</param>
    /// <returns>The world; the same options always give the same world.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static SyntheticWorld Generate(SyntheticWorldOptions? options = null)
    {
        options ??= new SyntheticWorldOptions();
        options.Validate();
        return new WorldBuilder(options).Build();
    }

    /// <summary>The options the world was generated with.</summary>
    public SyntheticWorldOptions Options { get; }

    /// <summary>One passage per entity (distractors included), ordered by title.</summary>
    public IReadOnlyList<SyntheticPassage> Passages { get; }

    /// <summary>Every fact the passages state, ordered by subject and relation.</summary>
    public IReadOnlyList<SyntheticFact> Facts { get; }

    /// <summary>The questions, in generation order.</summary>
    public IReadOnlyList<SyntheticQuestion> Questions { get; }

    /// <summary>The passages as a retrieval corpus: <c>"{title} | {text}"</c> each, in <see cref="Passages"/> order.</summary>
    public IReadOnlyList<string> Corpus => corpus.Value;

    /// <summary>The passage with this exact title, or null.</summary>
    /// <param name="title">A passage title (an entity name).</param>
    public SyntheticPassage? FindPassage(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return Passages.FirstOrDefault(p => string.Equals(p.Title, title, StringComparison.Ordinal));
    }

    /// <summary>The questions as examples: <c>question</c> is the input; <c>id</c>, <c>answer</c>, <c>type</c>, <c>level</c> and
    /// <c>supporting_titles</c> (a list of titles) are labels.</summary>
    /// <returns>One example per question, in order.</returns>
    public IReadOnlyList<Example> ToExamples() => Questions.Select(q => Example.From(
        [
            new("id", q.Id),
            new("question", q.Question),
            new("answer", q.Answer),
            new("type", q.Type),
            new("level", q.Level),
            new("supporting_titles", q.SupportingTitles),
        ]).WithInputs("question")).ToList();

    /// <summary>The world as indented UTF-8 JSON text (options, passages, facts, questions); see <c>docs/synthetic-world.md</c> for the shape.</summary>
    public string ToJson() => Encoding.UTF8.GetString(SyntheticWorldJson.Write(this));

    /// <summary>Reads a world from the text <see cref="ToJson"/> wrote.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FormatException">The text is not a saved synthetic world; the message says what is wrong and where.</exception>
    public static SyntheticWorld FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SyntheticWorldJson.Read(Encoding.UTF8.GetBytes(json), "the JSON text");
    }

    /// <summary>Writes the world to a JSON file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.WriteAllBytesAsync(path, SyntheticWorldJson.Write(this), cancellationToken);
    }

    /// <summary>Reads a world that <see cref="SaveAsync"/> wrote.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FormatException">The file is not a saved synthetic world; the message names the file and what is wrong.</exception>
    public static async Task<SyntheticWorld> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return SyntheticWorldJson.Read(bytes, path);
    }
}
