namespace Dspy.Fluent;

/// <summary>One sentence template and the relations a sentence written from it states.</summary>
internal sealed record SentenceTemplate(string Text, params Relation[] States);

/// <summary>
/// The phrasings passages are written from. Each passage kind has several skeletons (whole fact sentences, chosen by
/// the seeded random source); every relation is phrased at least three ways across them. Placeholders:
/// {N} name, {S} surname, {Y} year, {C} city, {K} country, {O} occupation with its article, {X} organisation,
/// {D} descriptor with its article, {F} founder or creator, {T} title, {G} genre, {aG} genre with its article,
/// {R} region, {P} capital, {n} a number.
/// </summary>
internal static class PassageTemplates
{
    public static readonly SentenceTemplate[][] Person =
    [
        [new("{N} (born {Y}) is {O}.", Relation.Occupation, Relation.BirthYear), new("{S} was born in {C}, {K}.", Relation.BornIn)],
        [new("{N} is {O} from {C}, {K}.", Relation.Occupation, Relation.BornIn), new("{S} was born there in {Y}.", Relation.BirthYear)],
        [new("{N} (born {Y} in {C}, {K}) is {O}.", Relation.Occupation, Relation.BirthYear, Relation.BornIn)],
        [new("{N} works as {O}.", Relation.Occupation), new("{S} was born in {Y} in {C}, {K}.", Relation.BirthYear, Relation.BornIn)],
        [new("{O} by profession, {N} was born in {C}, {K}.", Relation.Occupation, Relation.BornIn), new("{S} was born in {Y}.", Relation.BirthYear)],
    ];

    public static readonly string[] PersonFillers =
    [
        "{S} is known for a long and varied career.", "{S} has given many public lectures.", "{S} later moved abroad.",
        "{S} has been described as one of the most influential figures of that generation.",
    ];

    public static readonly SentenceTemplate[][] Company =
    [
        [new("{X} is {D} company headquartered in {C}.", Relation.HeadquarteredIn), new("It was founded in {Y} by {F}.", Relation.FoundedBy, Relation.FoundedYear)],
        [new("{X} is {D} company based in {C}.", Relation.HeadquarteredIn), new("The company was established by {F} in {Y}.", Relation.FoundedBy, Relation.FoundedYear)],
        [new("{X} is {D} firm."), new("{F} founded the firm in {Y}.", Relation.FoundedBy, Relation.FoundedYear), new("Its headquarters are in {C}.", Relation.HeadquarteredIn)],
        [new("Founded by {F} in {Y}, {X} is {D} company.", Relation.FoundedBy, Relation.FoundedYear), new("The company has its head office in {C}.", Relation.HeadquarteredIn)],
        [new("{X} is {D} company headquartered in {C}.", Relation.HeadquarteredIn), new("It was founded by {F}.", Relation.FoundedBy), new("The company opened in {Y}.", Relation.FoundedYear)],
    ];

    public static readonly string[] CompanyFillers =
        ["The company employs about {n} people.", "It is listed on a regional stock exchange.", "Its products are sold in several countries."];

    public static readonly SentenceTemplate[][] Band =
    [
        [new("{X} is {D} band from {C}.", Relation.HeadquarteredIn), new("The band was formed in {Y} by {F}.", Relation.FoundedBy, Relation.FoundedYear)],
        [new("{X} is {D} group based in {C}.", Relation.HeadquarteredIn), new("{F} started the band in {Y}.", Relation.FoundedBy, Relation.FoundedYear)],
        [new("Formed by {F} in {Y}, {X} is {D} band.", Relation.FoundedBy, Relation.FoundedYear), new("The band is based in {C}.", Relation.HeadquarteredIn)],
        [new("{X} is {D} band."), new("It was founded by {F} in {Y}.", Relation.FoundedBy, Relation.FoundedYear), new("The group is based in {C}.", Relation.HeadquarteredIn)],
    ];

    public static readonly string[] BandFillers = ["The band has released several albums.", "Its line-up has changed many times.", "The group tours widely."];

    public static readonly SentenceTemplate[][] University =
    [
        [new("{X} is {D} university in {C}.", Relation.HeadquarteredIn), new("It was founded in {Y} by {F}.", Relation.FoundedBy, Relation.FoundedYear)],
        [new("{X} is {D} university located in {C}.", Relation.HeadquarteredIn), new("The university was established by {F} in {Y}.", Relation.FoundedBy, Relation.FoundedYear)],
        [new("Founded by {F} in {Y}, {X} is {D} university.", Relation.FoundedBy, Relation.FoundedYear), new("Its main campus is in {C}.", Relation.HeadquarteredIn)],
    ];

    public static readonly string[] UniversityFillers = ["It enrols about {n} students.", "It is known for its library.", "The university has several faculties."];

    public static readonly SentenceTemplate[][] Book =
    [
        [new("{T} is a {Y} {G} novel by {F}.", Relation.CreatedBy, Relation.ReleasedYear)],
        [new("{T} is {aG} novel written by {F}.", Relation.CreatedBy), new("It was first published in {Y}.", Relation.ReleasedYear)],
        [new("Written by {F}, {T} is {aG} novel.", Relation.CreatedBy), new("The book was published in {Y}.", Relation.ReleasedYear)],
        [new("{T} is a novel by {F}, published in {Y}.", Relation.CreatedBy, Relation.ReleasedYear)],
    ];

    public static readonly SentenceTemplate[][] Film =
    [
        [new("{T} is a {Y} {G} film directed by {F}.", Relation.CreatedBy, Relation.ReleasedYear)],
        [new("{T} is {aG} film directed by {F}.", Relation.CreatedBy), new("It was released in {Y}.", Relation.ReleasedYear)],
        [new("Directed by {F}, {T} is {aG} film.", Relation.CreatedBy), new("It premiered in {Y}.", Relation.ReleasedYear)],
    ];

    public static readonly SentenceTemplate[][] Album =
    [
        [new("{T} is a {Y} {G} album by {F}.", Relation.CreatedBy, Relation.ReleasedYear)],
        [new("{T} is {aG} album recorded by {F}.", Relation.CreatedBy), new("It was released in {Y}.", Relation.ReleasedYear)],
        [new("Recorded by {F}, {T} is {aG} album.", Relation.CreatedBy), new("It came out in {Y}.", Relation.ReleasedYear)],
    ];

    public static readonly string[] WorkFillers = ["It received mixed reviews.", "Critics praised its structure.", "It was a modest commercial success."];

    public static readonly SentenceTemplate[][] City =
    [
        [new("{C} is a city in {K}.", Relation.LocatedIn)],
        [new("{C} is a town in {K}.", Relation.LocatedIn)],
        [new("{C} is a port city in {K}.", Relation.LocatedIn)],
        [new("Located in {K}, {C} is a market town.", Relation.LocatedIn)],
    ];

    public static readonly string[] CityFillers = ["It has a population of about {n}.", "It is known for its old market square.", "It lies on the coast."];

    public static readonly SentenceTemplate[][] Country =
    [
        [new("{K} is a country in {R}."), new("Its capital is {P}.", Relation.Capital)],
        [new("{K} is a sovereign state in {R}."), new("The capital of {K} is {P}.", Relation.Capital)],
        [new("{K} is a small country in {R}."), new("{P} is its capital and largest city.", Relation.Capital)],
        [new("{P} is the capital of {K}, a country in {R}.", Relation.Capital)],
    ];

    public static readonly string[] CountryFillers = ["It has a long coastline.", "Its economy rests on farming and trade."];

    // Sentences that name a question's entity in another role; they go into "mention" distractor passages.
    public static readonly string[] MentionCompany = ["{S} worked as an engineer at {X}.", "{S} wrote a history of {X}.", "{S} sat on the board of {X}."];
    public static readonly string[] MentionBand = ["{S} toured with {X}.", "{S} produced a record for {X}.", "{S} wrote a biography of {X}."];
    public static readonly string[] MentionUniversity = ["{S} studied at {X}.", "{S} taught at {X} for many years.", "{S} was a visiting fellow at {X}."];
    public static readonly string[] MentionBook = ["{S} reviewed {T} for a literary magazine.", "{S} wrote the foreword to {T}.", "{S} adapted {T} for the stage."];
    public static readonly string[] MentionFilm = ["{S} appeared in {T}.", "{S} composed the score of {T}.", "{S} edited {T}."];
    public static readonly string[] MentionAlbum = ["{S} played drums on {T}.", "{S} produced {T}.", "{S} designed the cover of {T}."];
    public static readonly string[] MentionCountry = ["{S} served as ambassador to {K}.", "{S} has written widely about {K}.", "{S} moved to {K} as a child."];
}
