namespace Dspy.Fluent;

/// <summary>The kinds of two-hop question a <see cref="SyntheticWorld"/> asks. Each is written in two phrasings.</summary>
/// <remarks>
/// Bridge templates name one entity; the passage about it names a second entity (the bridge), and the passage about
/// the bridge holds the answer. Comparison templates name two entities of the same kind and compare one fact of each.
/// In the JSON form of a world the names are written in snake_case (<c>founder_birth_city</c>).
/// </remarks>
public enum QuestionTemplate
{
    /// <summary>Bridge, answer a city: "In which city was the founder of {org} born?" / "Where was the founder of {org} born?"</summary>
    FounderBirthCity,

    /// <summary>Bridge, answer a year: "In what year was the founder of {org} born?" / "When was the founder of {org} born?"</summary>
    FounderBirthYear,

    /// <summary>Bridge, answer a city: "In which city was the author of {book} born?" / "Where was the director of {film} born?"
    /// (the creator is the author of a book, the director of a film or the artist who recorded an album).</summary>
    CreatorBirthCity,

    /// <summary>Bridge, answer a year: "In what year was the director of {film} born?" / "When was the author of {book} born?"</summary>
    CreatorBirthYear,

    /// <summary>Bridge, answer a country: "In which country was the author of {book} born?" / "Which country is the artist who recorded {album} from?"</summary>
    CreatorBirthCountry,

    /// <summary>Bridge through a city, answer a country: "In which country is {org} based?" / "Which country is {org} located in?"</summary>
    HeadquartersCountry,

    /// <summary>Bridge through a capital city, answer a person: "Who founded the company headquartered in the capital of {country}?"
    /// / "Who is the founder of the company based in the capital of {country}?"</summary>
    CapitalCompanyFounder,

    /// <summary>Bridge through a person, answer an organisation: "Which company was founded by the author of {book}?"
    /// / "What is the name of the band that the artist who recorded {album} founded?"</summary>
    CreatorFoundedOrganisation,

    /// <summary>Comparison, answer one of the two: "Which was founded first, {orgA} or {orgB}?" / "Which band is older, {orgA} or {orgB}?"</summary>
    FoundedFirst,

    /// <summary>Comparison, answer one of the two: "Who was born first, {p1} or {p2}?" / "Who is older, {p1} or {p2}?"</summary>
    BornFirst,

    /// <summary>Comparison, answer yes or no: "Were {p1} and {p2} born in the same city?" / "Are {p1} and {p2} from the same city?"</summary>
    SameBirthCity,

    /// <summary>Comparison, answer yes or no: "Were {w1} and {w2} released in the same year?" / "Did {w1} and {w2} come out in the same year?"</summary>
    SameReleaseYear,
}
