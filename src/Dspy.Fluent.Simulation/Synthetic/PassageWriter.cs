using System.Globalization;
using System.Text;
using Bogus;

namespace Dspy.Fluent;

/// <summary>A written passage and, for each relation it states, the index of the sentence that states it.</summary>
internal sealed record WrittenPassage(SyntheticPassage Passage, IReadOnlyDictionary<Relation, int> SentenceOf);

/// <summary>Writes one passage per entity from <see cref="PassageTemplates"/>, choosing skeletons and fillers with the seeded random source.</summary>
internal sealed class PassageWriter(Randomizer random)
{
    private const float FillerChance = 0.5f;

    public WrittenPassage Write(Person p) => Compose(p.Name, PassageKind.Person, p.IsDistractor, PassageTemplates.Person, PassageTemplates.PersonFillers, p.Mention,
        ("{N}", p.Name), ("{S}", p.Last), ("{Y}", Year(p.BirthYear)), ("{C}", p.BirthCity.Name), ("{K}", p.BirthCity.Country.Name), ("{O}", WithArticle(p.Occupation)));

    public WrittenPassage Write(Organisation o)
    {
        var (skeletons, fillers) = o.Kind switch
        {
            OrganisationKind.Company => (PassageTemplates.Company, PassageTemplates.CompanyFillers),
            OrganisationKind.Band => (PassageTemplates.Band, PassageTemplates.BandFillers),
            _ => (PassageTemplates.University, PassageTemplates.UniversityFillers),
        };
        return Compose(o.Name, PassageKind.Organisation, o.IsDistractor, skeletons, fillers, mention: null,
            ("{X}", o.Name), ("{D}", WithArticle(o.Descriptor)), ("{C}", o.Headquarters.Name), ("{F}", o.Founder.Name), ("{Y}", Year(o.FoundedYear)));
    }

    public WrittenPassage Write(Work w)
    {
        var skeletons = w.Kind switch { WorkKind.Book => PassageTemplates.Book, WorkKind.Film => PassageTemplates.Film, _ => PassageTemplates.Album };
        return Compose(w.Title, PassageKind.Work, w.IsDistractor, skeletons, PassageTemplates.WorkFillers, mention: null,
            ("{T}", w.Title), ("{F}", w.Creator.Name), ("{Y}", Year(w.Year)), ("{aG}", WithArticle(w.Genre)), ("{G}", w.Genre));
    }

    public WrittenPassage Write(City c) => Compose(c.Name, PassageKind.City, false, PassageTemplates.City, PassageTemplates.CityFillers, mention: null,
        ("{C}", c.Name), ("{K}", c.Country.Name));

    public WrittenPassage Write(Country k) => Compose(k.Name, PassageKind.Country, false, PassageTemplates.Country, PassageTemplates.CountryFillers, mention: null,
        ("{K}", k.Name), ("{P}", k.Capital.Name), ("{R}", k.Region));

    /// <summary>A sentence for a "mention" distractor: the person named by <paramref name="surname"/> meets the entity in another role.</summary>
    public string Mention(string[] templates, string surname, string entityPlaceholder, string entity) =>
        Capitalise(random.ArrayElement(templates).Replace("{S}", surname, StringComparison.Ordinal).Replace(entityPlaceholder, entity, StringComparison.Ordinal));

    private WrittenPassage Compose(string title, PassageKind kind, bool isDistractor, SentenceTemplate[][] skeletons, string[] fillers,
        string? mention, params (string Key, string Value)[] slots)
    {
        var skeleton = random.ArrayElement(skeletons);
        var sentences = new List<string>(skeleton.Length + 2);
        var sentenceOf = new Dictionary<Relation, int>();
        foreach (var template in skeleton)
        {
            foreach (var relation in template.States) sentenceOf[relation] = sentences.Count;
            sentences.Add(Fill(template.Text, slots));
        }
        if (mention is not null) sentences.Add(mention);
        if (random.Bool(FillerChance)) sentences.Add(Fill(random.ArrayElement(fillers), slots));
        return new(new SyntheticPassage(title, kind, sentences, isDistractor), sentenceOf);
    }

    private string Fill(string template, (string Key, string Value)[] slots)
    {
        var sb = new StringBuilder(template);
        foreach (var (key, value) in slots) sb.Replace(key, value);
        // Numbers in fillers are comma-grouped so that none reads as a four-digit year.
        if (template.Contains("{n}", StringComparison.Ordinal))
            sb.Replace("{n}", random.Number(12, 980).ToString(CultureInfo.InvariantCulture) + ",000");
        return Capitalise(sb.ToString());
    }

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    public static string WithArticle(string noun) => ("aeiou".Contains(char.ToLowerInvariant(noun[0])) ? "an " : "a ") + noun;

    private static string Capitalise(string sentence) =>
        sentence.Length > 0 && char.IsLower(sentence[0]) ? char.ToUpperInvariant(sentence[0]) + sentence[1..] : sentence;
}
