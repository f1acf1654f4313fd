namespace Dspy.Fluent.Simulation;

/// <summary>
/// Writes search queries. The plain habit is to restate the question's key words, which finds the passage about the
/// entity the question names again and again. The better habit — shown by demos, asked for by instructions, or
/// reached by reasoning — carries the entity the context points to into the next query.
/// </summary>
internal static class QueryWriter
{
    public static (string Query, string Reasoning) Write(QuestionShape q, IReadOnlyList<Passage> context, bool carryBridge)
    {
        var keyWords = string.Join(' ', Lexicon.Words(q.Text).Where(w => !IsQuestionWord(w)));
        if (context.Count == 0)
        {
            // The better habit names the entity and what is wanted of it; the plain habit repeats the question's words.
            if (carryBridge && q.Anchor is not null && q.Kind is not (AnswerKind.Choice or AnswerKind.YesNo))
                return ($"{q.Anchor} {HopOneWords(q)}".Trim(), $"The question hangs on {q.Anchor}, so I should look it up first.");
            return (keyWords, $"I need to find information about {q.Anchor ?? "the question's subject"} first.");
        }

        if (q.Kind is AnswerKind.Choice or AnswerKind.YesNo)
        {
            // The better habit: look up whichever named entity the context does not cover yet.
            var missing = q.Named.FirstOrDefault(n => !context.Any(p => p.Title == n));
            if (carryBridge && missing is not null)
                return ($"{missing} {q.Relation}".Trim(), $"The context covers some of the entities but not {missing}, so I should search for it.");
            return (keyWords, "I will search for the question's key words.");
        }

        if (carryBridge && new Reader(context).Read(q, chain: true) is { Bridge: { } bridge })
            return ($"{bridge} {RelationWords(q)}".Trim(), $"The context says the question's subject is linked to {bridge}, so the next search should be about {bridge}.");
        if (carryBridge && BridgeWithoutPassage(q, context) is { } candidate)
            return ($"{candidate} {RelationWords(q)}".Trim(), $"The context points to {candidate}; I should look {candidate} up.");
        return (keyWords, "I will search for the question's key words again.");
    }

    /// <summary>A name in the anchor's passage that has no passage of its own yet: the entity hop 2 must fetch.</summary>
    internal static string? BridgeWithoutPassage(QuestionShape q, IReadOnlyList<Passage> context)
    {
        if (q.Anchor is null) return null;
        var titles = context.Select(p => p.Title).ToHashSet(StringComparer.Ordinal);
        var typer = new SpanTyper(context);
        var anchorSentences = context.Where(p => p.Title == q.Anchor).SelectMany(p => p.Sentences)
            .Concat(context.SelectMany(p => p.Sentences).Where(s => s.Contains(q.Anchor, StringComparison.Ordinal)));
        foreach (var sentence in anchorSentences)
            foreach (var span in Lexicon.CapitalisedSpans(sentence))
                if (!q.Named.Contains(span) && !titles.Contains(span) && typer.Is(AnswerKind.Person, span, sentence))
                    return span;
        return null;
    }

    /// <summary>What hop 1 needs to learn about the anchor: its founder, author, capital, location…</summary>
    private static string HopOneWords(QuestionShape q)
    {
        foreach (var role in new[] { "founder", "author", "director", "artist", "capital", "headquarters" })
            if (Lexicon.ContainsPhrase(q.Text, role)) return role;
        return q.Kind == AnswerKind.Country ? "located" : "";
    }

    private static string RelationWords(QuestionShape q) => q.Kind switch
    {
        AnswerKind.Place => q.Relation.Length > 0 ? $"{q.Relation} city" : "city",
        AnswerKind.Country => "country",
        AnswerKind.Year => q.Relation.Length > 0 ? $"{q.Relation} year" : "year",
        _ => q.Relation,
    };

    private static bool IsQuestionWord(string w) => w.ToLowerInvariant() is "which" or "what" or "who" or "when" or "where" or "in" or "the" or "of" or "was" or "were" or "is" or "a" or "an" or "did";
}
