namespace Dspy.Fluent.Simulation;

/// <summary>What kind of span a question asks for.</summary>
internal enum AnswerKind { Place, Country, Year, Person, Organisation, Work, Choice, YesNo, Other }

/// <summary>A question as the simulated LM understands it.</summary>
internal sealed record QuestionShape(AnswerKind Kind, string Text, IReadOnlyList<string> Named, string? Anchor, bool Earliest, string Relation)
{
    private static readonly string[] Auxiliaries = ["Were ", "Was ", "Is ", "Are ", "Did ", "Does ", "Do ", "Has ", "Have ", "Can "];

    /// <summary>Reads the expected answer kind, the entities the question names, and the relation it asks about.</summary>
    public static QuestionShape Of(string question)
    {
        var q = question.Trim();
        var named = Lexicon.CapitalisedSpans(q).Where(s => !s.Equals("Which", StringComparison.Ordinal)).ToList();
        var relation = Lexicon.ContainsAny(q, "born", "birth") ? "born"
            : Lexicon.ContainsAny(q, "founded", "established", "formed") ? "founded"
            : Lexicon.ContainsAny(q, "released", "published", "premiered") ? "released"
            : Lexicon.ContainsAny(q, "headquarter", "based") ? "headquartered"
            : "";
        var earliest = Lexicon.ContainsAny(q, "first", "earlier", "earliest", "older", "oldest", "before");

        AnswerKind kind;
        var comma = q.LastIndexOf(',');
        if (Auxiliaries.Any(a => q.StartsWith(a, StringComparison.Ordinal)))
            kind = AnswerKind.YesNo;
        else if (comma > 0 && q[comma..].Contains(" or ", StringComparison.Ordinal))
        {
            kind = AnswerKind.Choice;
            var options = q[(comma + 1)..].TrimEnd('?', ' ').Split(" or ", StringSplitOptions.TrimEntries);
            named = [.. options];
        }
        else if (Lexicon.ContainsAny(q, "which country", "what country")) kind = AnswerKind.Country;
        else if (Lexicon.ContainsAny(q, "which city", "what city", "which town", "where")) kind = AnswerKind.Place;
        else if (Lexicon.ContainsAny(q, "what year", "which year", "when")) kind = AnswerKind.Year;
        else if (q.StartsWith("Who", StringComparison.Ordinal) || Lexicon.ContainsAny(q, "which person")) kind = AnswerKind.Person;
        else if (Lexicon.ContainsAny(q, "which company", "which band", "which university", "which organisation", "which organization")) kind = AnswerKind.Organisation;
        else kind = AnswerKind.Other;

        // The entity the question hangs on: the last name it mentions after "of" (e.g. "the founder of Brightwater Analytics").
        var anchor = named.Count == 0 ? null : named.OrderByDescending(n => q.IndexOf(n, StringComparison.Ordinal)).First();
        return new QuestionShape(kind, q, named, anchor, earliest, relation);
    }

    private static readonly string[] PersonRoles = ["founder", "author", "director", "artist", "creator", "writer", "composer", "who recorded", "who founded", "who wrote", "who directed", "founded by", "written by", "directed by"];

    /// <summary>What kind of entity links the question's subject to its answer: a person for "the founder of X", a place for "where X is based".</summary>
    public AnswerKind BridgeKind =>
        Lexicon.ContainsAny(Text, "capital of") ? AnswerKind.Place
        : Lexicon.ContainsAny(Text, PersonRoles) ? AnswerKind.Person
        : Kind == AnswerKind.Country ? AnswerKind.Place
        : AnswerKind.Other;

    /// <summary>Whether the question reaches its answer through an entity it does not name ("the founder of X"):
    /// anything that is not a comparison between named entities.</summary>
    public bool IsBridge => Kind is not (AnswerKind.Choice or AnswerKind.YesNo) && Anchor is not null;
}
