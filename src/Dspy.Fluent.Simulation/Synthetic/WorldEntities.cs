namespace Dspy.Fluent;

// The world's entities while it is being built. They are mutable only inside WorldBuilder; the public
// SyntheticWorld keeps nothing but the passages, facts and questions written from them.

internal sealed class Country(string name, string region)
{
    public string Name { get; } = name;
    public string Region { get; } = region;
    public List<City> Cities { get; } = [];
    public City Capital => Cities[0];
    public bool CapitalHasCompany { get; set; }
}

internal sealed class City(string name, Country country)
{
    public string Name { get; } = name;
    public Country Country { get; } = country;
    public bool IsCapital => ReferenceEquals(Country.Capital, this);
}

internal sealed class Person(string first, string last, string locale, int birthYear, City birthCity, string occupation)
{
    public string First { get; } = first;
    public string Last { get; } = last;
    public string Locale { get; } = locale;
    public int BirthYear { get; } = birthYear;
    public City BirthCity { get; } = birthCity;
    public string Occupation { get; } = occupation;
    public string Name => $"{First} {Last}";

    /// <summary>A sentence naming another entity in some role other than the question's (set on "mention" distractors).</summary>
    public string? Mention { get; set; }

    public bool IsDistractor { get; set; }
}

internal enum OrganisationKind { Company, Band, University }

internal sealed class Organisation(string name, string stem, OrganisationKind kind, string descriptor, Person founder, int foundedYear, City headquarters)
{
    public string Name { get; } = name;

    /// <summary>The distinctive word(s) of the name, shared by look-alike distractors.</summary>
    public string Stem { get; } = stem;

    public OrganisationKind Kind { get; } = kind;

    /// <summary>Industry (companies), genre (bands) or kind of university.</summary>
    public string Descriptor { get; } = descriptor;

    public Person Founder { get; } = founder;
    public int FoundedYear { get; } = foundedYear;
    public City Headquarters { get; } = headquarters;
    public bool IsDistractor { get; set; }
}

internal enum WorkKind { Book, Film, Album }

internal sealed class Work(string title, string stem, WorkKind kind, string genre, Person creator, int year)
{
    public string Title { get; } = title;
    public string Stem { get; } = stem;
    public WorkKind Kind { get; } = kind;
    public string Genre { get; } = genre;
    public Person Creator { get; } = creator;
    public int Year { get; } = year;
    public bool IsDistractor { get; set; }

    /// <summary>How a question refers to the creator: "the author of X", "the director of X", "the artist who recorded X".</summary>
    public string CreatorPhrase => Kind switch
    {
        WorkKind.Book => $"the author of {Title}",
        WorkKind.Film => $"the director of {Title}",
        _ => $"the artist who recorded {Title}",
    };
}

/// <summary>The relations a passage sentence can state; the JSON names are the <see cref="SyntheticFact.Relation"/> values.</summary>
internal enum Relation { Occupation, BirthYear, BornIn, FoundedBy, FoundedYear, HeadquarteredIn, LocatedIn, Capital, CreatedBy, ReleasedYear }
