namespace Dspy.Fluent;

/// <summary>What a synthetic passage is about. In the JSON form of a world these are written in lower case.</summary>
public enum PassageKind
{
    /// <summary>A person: occupation, birth year, birth city and its country.</summary>
    Person,

    /// <summary>A company, band or university: what it is, where it is based, who founded it and when.</summary>
    Organisation,

    /// <summary>A city and the country it is in.</summary>
    City,

    /// <summary>A country and its capital.</summary>
    Country,

    /// <summary>A book, film or album: who made it and when it came out.</summary>
    Work,
}
