namespace Dspy.Fluent.Simulation;

/// <summary>
/// A weak extractive reader. It ranks sentences by word overlap with the question and takes the first span of the
/// kind the question asks for. With <c>chain</c> it can link two facts: find the entity the question's anchor passage
/// points to (a name that has its own passage), then read the answer from that entity's passage.
/// </summary>
internal sealed partial class Reader(IReadOnlyList<Passage> passages)
{
    private readonly SpanTyper _typer = new(passages);

    public Reading Read(QuestionShape question, bool chain)
    {
        var q = Resolve(question);
        if (passages.Count == 0)
            return new Reading(q.Kind == AnswerKind.YesNo ? "no" : q.Anchor ?? "unknown", "", "", ["The context is empty, so I can only guess."], null);
        return q.Kind switch
        {
            AnswerKind.Choice => chain ? CompareChain(q) ?? CompareGuess(q) : CompareGuess(q),
            AnswerKind.YesNo => chain ? SameChain(q) ?? YesNoGuess(q) : YesNoGuess(q),
            _ => chain && q.IsBridge ? BridgeChain(q) ?? SingleHop(q, passages) : FirstPassage(q),
        };
    }

    /// <summary>Names in the question matched to the context's titles ("Last Furnace" is "The Last Furnace").</summary>
    private QuestionShape Resolve(QuestionShape q)
    {
        var named = q.Named.Select(n => passages.FirstOrDefault(p => p.Title == "The " + n && !passages.Any(o => o.Title == n))?.Title ?? n).ToList();
        var anchor = q.Anchor is null ? null : named[q.Named.ToList().IndexOf(q.Anchor)];
        return q with { Named = named, Anchor = anchor };
    }

    /// <summary>Without linking facts a weak reader answers from the passage that matches the question best, if it holds a span of the right kind.</summary>
    private Reading FirstPassage(QuestionShape q)
    {
        var words = Lexicon.ContentWords(q.Text);
        var best = passages.OrderByDescending(p => Lexicon.Overlap(words, p.Title + " " + p.Text)).ThenBy(p => p.Index).First();
        var reading = SingleHop(q, [best]);
        return reading.Steps.Count > 0 && best.Sentences.Contains(reading.Sentence) && reading.Answer != reading.Sentence.TrimEnd('.')
            ? reading
            : SingleHop(q, passages);
    }

    private Reading SingleHop(QuestionShape q, IReadOnlyList<Passage> scope, string? preferRelation = null)
    {
        var words = Lexicon.ContentWords(q.Text);
        if (preferRelation is not null) words.Add(preferRelation);
        var ranked = scope.SelectMany(p => p.Sentences.Select((s, i) => (Passage: p, Sentence: s, Index: i)))
            .Select(x => (x.Passage, x.Sentence, x.Index, Score: Lexicon.Overlap(words, x.Sentence) + (Lexicon.Overlap(words, x.Passage.Title) > 0 ? 0.5 : 0)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Passage.Index).ThenBy(x => x.Index)
            .ToList();
        foreach (var (passage, sentence, _, _) in ranked)
        {
            foreach (var span in Candidates(q, sentence).Append(passage.Title).Where(s => s.Length > 0 && !q.Named.Contains(s)))
            {
                if (_typer.Is(q.Kind, span, sentence))
                    return new Reading(span, sentence, passage.Title, [$"The passage on {Title(passage)} says: {sentence}", $"So the answer is {span}."], null);
            }
        }
        var best = ranked[0];
        var fallback = Candidates(q, best.Sentence).FirstOrDefault() ?? best.Sentence.TrimEnd('.');
        return new Reading(fallback, best.Sentence, best.Passage.Title, [$"The passage on {Title(best.Passage)} says: {best.Sentence}", $"So the answer is {fallback}."], null);
    }

    private Reading? BridgeChain(QuestionShape q)
    {
        if (q.Anchor is null) return null;
        var anchorSentences = passages
            .SelectMany(p => p.Sentences.Select(s => (Passage: p, Sentence: s)))
            .Where(x => x.Passage.Title == q.Anchor || x.Sentence.Contains(q.Anchor, StringComparison.Ordinal))
            .ToList();
        var relationWords = Lexicon.ContentWords(q.Text);
        foreach (var (passage, sentence) in anchorSentences.OrderByDescending(x => Lexicon.Overlap(relationWords, x.Sentence)))
        {
            foreach (var span in Lexicon.CapitalisedSpans(sentence))
            {
                if (q.Named.Any(n => n.Contains(span, StringComparison.Ordinal)) || passage.Title.Contains(span, StringComparison.Ordinal) ||
                    !_typer.Is(q.BridgeKind, span, sentence)) continue;
                var scope = passages.Where(p => p != passage && (p.Title == span || p.Text.Contains(span, StringComparison.Ordinal)))
                    .OrderByDescending(p => p.Title == span).ToList();
                if (scope.Count == 0) continue;
                var hop2 = SingleHop(q with { Named = [.. q.Named, span] }, scope, q.Relation.Length > 0 ? q.Relation : null);
                return hop2 with
                {
                    Bridge = span,
                    Steps = [$"The question asks about {q.Anchor}.", $"The passage on {Title(passage)} says: {sentence}", $"That points to {span}.", .. hop2.Steps],
                };
            }
        }
        return null;
    }

    private Reading CompareGuess(QuestionShape q)
    {
        var words = Lexicon.ContentWords(q.Text);
        var best = passages.SelectMany(p => p.Sentences).OrderByDescending(s => Lexicon.Overlap(words, s)).First();
        var pick = q.Named.FirstOrDefault(n => best.Contains(n, StringComparison.Ordinal)) ?? q.Named.FirstOrDefault() ?? "unknown";
        return new Reading(pick, best, "", [$"The context mentions {pick} first: {best}", $"So the answer is {pick}."], null);
    }

    private Reading? CompareChain(QuestionShape q)
    {
        if (q.Named.Count < 2) return null;
        var years = new List<(string Name, int Year, string Sentence)>();
        foreach (var name in q.Named)
        {
            var found = YearOf(name, q.Relation);
            if (found is null) return null;
            years.Add((name, found.Value.Year, found.Value.Sentence));
        }
        var pick = q.Earliest ? years.MinBy(y => y.Year) : years.MaxBy(y => y.Year);
        var steps = years.Select(y => $"{y.Name}: {y.Sentence}").Append($"{pick.Name} comes {(q.Earliest ? "first" : "last")} ({pick.Year}), so the answer is {pick.Name}.").ToList();
        return new Reading(pick.Name, pick.Sentence, pick.Name, steps, null);
    }

    private (int Year, string Sentence)? YearOf(string name, string relation)
    {
        var about = _typer.PassageAbout(name)?.Sentences ?? [];
        var mentions = passages.SelectMany(p => p.Sentences).Where(s => s.Contains(name, StringComparison.Ordinal));
        foreach (var sentence in about.Concat(mentions).OrderByDescending(s => relation.Length > 0 && Lexicon.ContainsPhrase(s, relation)))
            if (Lexicon.Years(sentence).FirstOrDefault() is { } y) return (int.Parse(y, System.Globalization.CultureInfo.InvariantCulture), sentence);
        return null;
    }

    private Reading YesNoGuess(QuestionShape q)
    {
        var all = string.Join(" ", passages.Select(p => p.Text));
        var yes = q.Named.All(n => all.Contains(n, StringComparison.Ordinal));
        return new Reading(yes ? "yes" : "no", "", "", [yes ? "Both are mentioned in the context." : "The context does not mention both."], null);
    }

    private Reading? SameChain(QuestionShape q)
    {
        if (q.Named.Count < 2) return null;
        var kind = q.Relation is "released" or "founded" || Lexicon.ContainsAny(q.Text, "same year") ? AnswerKind.Year : AnswerKind.Place;
        var places = new List<(string Name, string Place, string Sentence)>();
        foreach (var name in q.Named)
        {
            var scope = (_typer.PassageAbout(name) is { } p ? [p] : passages).ToList();
            var probe = kind == AnswerKind.Year ? $"In what year was {name} {q.Relation}?" : $"Where was {name} {q.Relation}?";
            var reading = SingleHop(new QuestionShape(kind, probe, [name], name, false, q.Relation), scope, q.Relation);
            if (reading.Sentence.Length == 0 || !reading.Sentence.Contains(name.Split(' ')[^1], StringComparison.Ordinal) && _typer.PassageAbout(name) is null)
                return null;
            places.Add((name, reading.Answer, reading.Sentence));
        }
        var same = places.Select(p => p.Place).Distinct(StringComparer.Ordinal).Count() == 1;
        var steps = places.Select(p => $"{p.Name}: {p.Sentence}").Append(same ? "Both places are the same, so yes." : "The places differ, so no.").ToList();
        return new Reading(same ? "yes" : "no", places[0].Sentence, "", steps, null);
    }

    private static IEnumerable<string> Candidates(QuestionShape q, string sentence)
    {
        var spans = q.Kind == AnswerKind.Year ? Lexicon.Years(sentence) : Lexicon.CapitalisedSpans(sentence);
        return spans.Where(s => !q.Named.Any(n => n.Contains(s, StringComparison.Ordinal) || s.Contains(n, StringComparison.Ordinal)));
    }

    private static string Title(Passage p) => p.Title.Length > 0 ? p.Title : $"passage {p.Index + 1}";
}
