using Bogus;

namespace Dspy.Fluent;

/// <summary>
/// Builds a <see cref="SyntheticWorld"/>: places first, then for each question fresh entities shaped by its template
/// (so every question has its own, unambiguous chain of facts), then targeted distractors, then one passage per entity.
/// All randomness flows from one Bogus <see cref="Randomizer"/> in a fixed order, which is what makes the world reproducible.
/// </summary>
internal sealed partial class WorldBuilder
{
    private const int CitiesPerCountry = 5;
    private const int FirstBirthYear = 1900;
    private const int LastBirthYear = 1990;
    private const int LastEventYear = 2023;

    private static readonly string[] CompanyFounders =
        ["entrepreneur", "engineer", "chemist", "economist", "industrial designer", "software developer", "physician", "architect", "banker", "inventor"];
    private static readonly string[] BandFounders = ["guitarist", "singer", "drummer", "songwriter", "bassist", "pianist"];
    private static readonly string[] UniversityFounders = ["philosopher", "physician", "theologian", "mathematician", "historian", "educator"];
    private static readonly string[] Authors = ["novelist", "writer", "poet", "journalist"];
    private static readonly string[] Directors = ["film director", "screenwriter", "filmmaker"];
    private static readonly string[] Musicians = ["singer", "songwriter", "pianist", "guitarist", "composer"];
    private static readonly string[] AnyOccupation =
        [.. CompanyFounders, .. BandFounders, .. UniversityFounders, .. Authors, .. Directors, .. Musicians];
    private static readonly string[] BandGenres = ["rock", "indie pop", "folk", "jazz", "post-punk", "synth-pop", "electronic", "blues"];
    private static readonly string[] UniversityKinds = ["public", "private", "technical", "research"];
    private static readonly string[] BookGenres = ["mystery", "science fiction", "historical", "coming-of-age", "crime", "fantasy", "literary"];
    private static readonly string[] FilmGenres = ["drama", "thriller", "comedy", "science fiction", "documentary", "war", "romantic"];
    private static readonly string[] AlbumGenres = ["jazz", "folk", "rock", "electronic", "soul", "pop", "ambient"];

    private readonly SyntheticWorldOptions options;
    private readonly Randomizer random;
    private readonly NameForge names;
    private readonly PassageWriter writer;
    private readonly List<Country> countries = [];
    private readonly List<City> cities = [];
    private readonly List<City> nonCapitals = [];
    private readonly List<Person> people = [];
    private readonly List<Organisation> organisations = [];
    private readonly List<Work> works = [];

    public WorldBuilder(SyntheticWorldOptions options)
    {
        this.options = options;
        random = new Randomizer(options.Seed);
        names = new NameForge(random);
        writer = new PassageWriter(random);
    }

    public SyntheticWorld Build()
    {
        var countryCount = Math.Clamp(options.Questions / 10, 4, 40);
        for (var i = 0; i < countryCount; i++) NewCountry(CitiesPerCountry);

        var drafts = new List<QuestionDraft>(options.Questions);
        var enabled = options.Templates?.Distinct().ToArray() ?? Enum.GetValues<QuestionTemplate>();
        var bridges = enabled.Where(IsBridge).ToArray();
        var comparisons = enabled.Where(t => !IsBridge(t)).ToArray();
        for (var i = 0; i < options.Questions; i++)
        {
            var useComparison = bridges.Length == 0 || (comparisons.Length > 0 && random.Double() < options.ComparisonShare);
            var draft = Ask(random.ArrayElement(useComparison ? comparisons : bridges));
            if (options.DistractorsPerQuestion > 0 && random.Double() < options.DistractorShare)
                foreach (var make in random.Shuffle(draft.DistractorMakers).ToList())
                {
                    // A maker returns null when no look-alike name is left for that stem; the next kind of distractor stands in.
                    if (make() is { } distractor) draft.Distractors.Add(distractor);
                    if (draft.Distractors.Count == options.DistractorsPerQuestion) break;
                }
            drafts.Add(draft);
        }
        return Write(drafts);
    }

    private SyntheticWorld Write(List<QuestionDraft> drafts)
    {
        var written = new Dictionary<object, WrittenPassage>(ReferenceEqualityComparer.Instance);
        var facts = new List<SyntheticFact>();
        foreach (var k in countries)
        {
            written[k] = writer.Write(k);
            facts.Add(new(k.Name, "capital", k.Capital.Name));
        }
        foreach (var c in cities)
        {
            written[c] = writer.Write(c);
            facts.Add(new(c.Name, "located_in", c.Country.Name));
        }
        foreach (var p in people)
        {
            written[p] = writer.Write(p);
            facts.Add(new(p.Name, "occupation", p.Occupation));
            facts.Add(new(p.Name, "birth_year", Year(p.BirthYear)));
            facts.Add(new(p.Name, "born_in", p.BirthCity.Name));
        }
        foreach (var o in organisations)
        {
            written[o] = writer.Write(o);
            facts.Add(new(o.Name, "founded_by", o.Founder.Name));
            facts.Add(new(o.Name, "founded_year", Year(o.FoundedYear)));
            facts.Add(new(o.Name, "headquartered_in", o.Headquarters.Name));
        }
        foreach (var w in works)
        {
            written[w] = writer.Write(w);
            facts.Add(new(w.Title, "created_by", w.Creator.Name));
            facts.Add(new(w.Title, "released_year", Year(w.Year)));
        }

        var questions = drafts.Select((d, i) => d.Resolve($"s{options.Seed}-q{i:D5}", written)).ToList();
        var passages = written.Values.Select(w => w.Passage).OrderBy(p => p.Title, StringComparer.Ordinal).ToList();
        facts.Sort((a, b) => string.CompareOrdinal(a.Subject, b.Subject) is var c and not 0 ? c : string.CompareOrdinal(a.Relation, b.Relation));
        return new SyntheticWorld(options, passages, facts, questions);
    }

    private static bool IsBridge(QuestionTemplate t) => t < QuestionTemplate.FoundedFirst;

    private static string Year(int year) => year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Country NewCountry(int cityCount)
    {
        var country = new Country(names.Country(), names.Region());
        countries.Add(country);
        for (var i = 0; i < cityCount; i++)
        {
            var city = new City(names.City(), country);
            country.Cities.Add(city);
            cities.Add(city);
            // The capital (the first city) is kept free of organisations except the one a CapitalCompanyFounder
            // question puts there, so "the company headquartered in the capital of X" names exactly one company.
            if (i > 0) nonCapitals.Add(city);
        }
        return country;
    }

    private Person NewPerson(string[] occupations, City? birthCity = null, int? birthYear = null, int minYear = FirstBirthYear, int maxYear = LastBirthYear)
    {
        var (first, last, locale) = names.Person();
        var person = new Person(first, last, locale, birthYear ?? random.Number(minYear, maxYear), birthCity ?? Pick(cities),
            random.ArrayElement(occupations));
        people.Add(person);
        return person;
    }

    private Organisation NewOrganisation(OrganisationKind kind, Person founder, City? headquarters = null) =>
        Found(OrganisationName(kind, stem: null)!.Value, kind, founder, headquarters, avoidCountry: null);

    /// <summary>A name for an organisation of <paramref name="kind"/>, keeping <paramref name="stem"/> if given; null when no such name is free.</summary>
    private (string Name, string Stem, string Descriptor)? OrganisationName(OrganisationKind kind, string? stem)
    {
        switch (kind)
        {
            case OrganisationKind.Company:
                return names.Company(stem) is { } company ? (company.Name, company.Stem, company.Industry) : null;
            case OrganisationKind.Band:
                return names.Band(stem) is { } band ? (band.Name, band.Stem, random.ArrayElement(BandGenres)) : null;
            default:
                return names.University(stem) is { } university ? (university.Name, university.Stem, random.ArrayElement(UniversityKinds)) : null;
        }
    }

    private Organisation Found((string Name, string Stem, string Descriptor) name, OrganisationKind kind, Person founder, City? headquarters, Country? avoidCountry)
    {
        // Never in the founder's birth city: otherwise the hop-1 passage would already hold a bridge question's answer.
        headquarters ??= PickCity(nonCapitals, c => c != founder.BirthCity && c.Country != avoidCountry);
        var year = random.Number(founder.BirthYear + 22, Math.Min(LastEventYear, founder.BirthYear + 55));
        var organisation = new Organisation(name.Name, name.Stem, kind, name.Descriptor, founder, year, headquarters);
        organisations.Add(organisation);
        return organisation;
    }

    private Work NewWork(WorkKind kind, Person creator, int? year = null) => Create(names.Work(kind, stem: null)!.Value, kind, creator, year);

    private Work Create((string Title, string Stem) title, WorkKind kind, Person creator, int? year)
    {
        var genre = random.ArrayElement(kind switch { WorkKind.Book => BookGenres, WorkKind.Film => FilmGenres, _ => AlbumGenres });
        var work = new Work(title.Title, title.Stem, kind, genre, creator, year ?? random.Number(creator.BirthYear + 20, Math.Min(LastEventYear, creator.BirthYear + 60)));
        works.Add(work);
        return work;
    }

    private City PickCity(List<City> pool, Func<City, bool> allowed)
    {
        var candidates = pool.Where(allowed).ToList();
        return Pick(candidates.Count > 0 ? candidates : pool);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Number(0, items.Count - 1)];

    private City FreeCapital()
    {
        var free = countries.Where(k => !k.CapitalHasCompany).ToArray();
        // Countries added only for their capital get fewer cities, so that place names last for large worlds.
        var country = free.Length > 0 ? random.ArrayElement(free) : NewCountry(cityCount: 2);
        country.CapitalHasCompany = true;
        return country.Capital;
    }

    private static string[] FoundersOf(OrganisationKind kind) =>
        kind switch { OrganisationKind.Company => CompanyFounders, OrganisationKind.Band => BandFounders, _ => UniversityFounders };

    private static string[] CreatorsOf(WorkKind kind) => kind switch { WorkKind.Book => Authors, WorkKind.Film => Directors, _ => Musicians };
}
