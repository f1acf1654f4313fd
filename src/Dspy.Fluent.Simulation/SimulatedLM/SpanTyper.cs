namespace Dspy.Fluent.Simulation;

/// <summary>
/// Guesses what a capitalised span names from the words around it and from the passage about it, the way a weak
/// reader does: "born in X" is a place, "founded by X" a person, a passage saying "X is a city" settles it.
/// </summary>
internal sealed class SpanTyper(IReadOnlyList<Passage> passages)
{
    private static readonly string[] PlaceCues = ["born in ", "in ", "from ", "near ", "headquartered in ", "based in ", "located in ", "native of ", "city of "];
    private static readonly string[] PersonCues = ["by ", "founder ", "founded by ", "written by ", "directed by ", "created by ", "author ", "director ", "led by ", "with "];

    public Passage? PassageAbout(string span) =>
        passages.FirstOrDefault(p => string.Equals(p.Title, span, StringComparison.Ordinal));

    public bool Is(AnswerKind kind, string span, string sentence)
    {
        var about = PassageAbout(span)?.Sentences.FirstOrDefault() ?? "";
        var cue = Preceding(sentence, span);
        switch (kind)
        {
            case AnswerKind.Year:
                return span.Length == 4 && span.All(char.IsDigit);
            case AnswerKind.Country:
                if (LooksLikePerson(span, about)) return false;
                return Lexicon.ContainsAny(about, "is a country", "sovereign state", "country in", "nation") ||
                       AfterPlace(sentence, span) || sentence.Contains($"ocated in {span},", StringComparison.Ordinal) ||
                       (cue is "in " && Lexicon.ContainsAny(sentence, " city in ", " town in ", " capital of ", " village in ")) ||
                       Lexicon.ContainsAny(sentence, $"country of {span}", $"{span} is a country");
            case AnswerKind.Place:
                if (LooksLikePerson(span, about)) return false;
                return Lexicon.ContainsAny(about, "is a city", "is a town", "is a village", "city in", "town in", "village in") ||
                       PlaceCues.Contains(cue ?? "", StringComparer.OrdinalIgnoreCase) ||
                       (Lexicon.ContainsAny(sentence, "capital") && !span.Contains(' ') && !sentence.StartsWith(span + " is a", StringComparison.Ordinal));
            case AnswerKind.Person:
                return LooksLikePerson(span, about) ||
                       (span.Split(' ').Length is 2 or 3 && (PersonCues.Contains(cue ?? "", StringComparer.OrdinalIgnoreCase) || ActsAsPerson(sentence, span)));
            case AnswerKind.Organisation:
                return Lexicon.ContainsAny(about, "company", "band", "university", "firm", "studio", "label", "organisation", "organization", "group") &&
                       !LooksLikePerson(span, about);
            case AnswerKind.Work:
                return Lexicon.ContainsAny(about, "novel", "film", "album", "book", "song", "play");
            default:
                return span.Length > 0;
        }
    }

    private static readonly string[] PersonVerbs = [" founded ", " started ", " established ", " wrote ", " directed ", " recorded ", " was born", " (born", " works as ", " is a ", " is an "];

    /// <summary>"Lucia Hoffman founded the firm": a two- or three-word name doing what people do.</summary>
    private static bool ActsAsPerson(string sentence, string span)
    {
        var at = sentence.IndexOf(span, StringComparison.Ordinal);
        if (at < 0) return false;
        var after = sentence[(at + span.Length)..];
        return PersonVerbs.Any(v => after.StartsWith(v, StringComparison.Ordinal)) &&
               !Lexicon.ContainsAny(after.Length > 30 ? after[..30] : after, " company", " firm", " band", " university", " city", " town", " country", " novel", " film", " album", " book", " group");
    }

    /// <summary>"born in Velmora, Zemlia": a name right after "Place, " is the larger place it lies in.</summary>
    private static bool AfterPlace(string sentence, string span)
    {
        var at = sentence.IndexOf(", " + span, StringComparison.Ordinal);
        if (at <= 0) return false;
        var before = sentence[..at].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return before.Length >= 2 && char.IsUpper(before[^1][0]) && before[^2].ToLowerInvariant() is "in" or "from" or "near";
    }

    private static bool LooksLikePerson(string span, string about) =>
        Lexicon.ContainsAny(about, "(born", " was born", " is a writer", " is an author", " chemist", " engineer", " painter", " musician",
            " politician", " director", " architect", " physician", " teacher", " poet", " composer", " actor", " actress", " singer",
            " scientist", " entrepreneur", " journalist") && !Lexicon.ContainsAny(about, "is a city", "is a town", "is a country", "company");

    /// <summary>The one or two words before <paramref name="span"/> in the sentence, lower-cased, with a trailing space ("born in ").</summary>
    private static string? Preceding(string sentence, string span)
    {
        var at = sentence.IndexOf(span, StringComparison.Ordinal);
        if (at <= 0) return null;
        var before = sentence[..at].TrimEnd();
        var words = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        var last = words[^1].ToLowerInvariant().Trim(',', '(');
        if (words.Length >= 2)
        {
            var two = $"{words[^2].ToLowerInvariant()} {last} ";
            if (PlaceCues.Contains(two) || PersonCues.Contains(two)) return two;
        }
        return last + " ";
    }
}
