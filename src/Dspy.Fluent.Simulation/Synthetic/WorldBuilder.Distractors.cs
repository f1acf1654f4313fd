namespace Dspy.Fluent;

// Distractors share names and words with a question so that a reader who matches words instead of chaining facts
// picks the wrong passage: a namesake, a look-alike name, or a passage that mentions the question's entity in another role.
internal sealed partial class WorldBuilder
{
    /// <summary>Someone with the same surname and occupation, born in another city (or in <paramref name="birthCity"/>) in another year.</summary>
    private Person Namesake(Person target, City? birthCity = null)
    {
        var first = names.Namesake(target.Last, target.Locale);
        var city = birthCity ?? PickCity(cities, c => c != target.BirthCity);
        var namesake = new Person(first, target.Last, target.Locale, OtherYear(target.BirthYear), city, target.Occupation) { IsDistractor = true };
        people.Add(namesake);
        return namesake;
    }

    /// <summary>A namesake of <paramref name="creator"/> who founded an organisation of the same kind; the organisation is the distractor.</summary>
    private Organisation NamesakeFounder(Person creator, OrganisationKind kind)
    {
        var organisation = NewOrganisation(kind, Namesake(creator));
        organisation.IsDistractor = true;
        return organisation;
    }

    /// <summary>An organisation of the same kind whose name shares the distinctive word, founded by someone else elsewhere.</summary>
    private Organisation? LookAlike(Organisation target, Country? avoidCountry = null)
    {
        if (OrganisationName(target.Kind, target.Stem) is not { } name) return null;
        var organisation = Found(name, target.Kind, NewPerson(FoundersOf(target.Kind)), headquarters: null, avoidCountry);
        organisation.IsDistractor = true;
        return organisation;
    }

    /// <summary>A work of the same kind whose title shares the distinctive noun, by someone else.</summary>
    private Work? LookAlike(Work target)
    {
        if (names.Work(target.Kind, target.Stem) is not { } title) return null;
        var work = Create(title, target.Kind, NewPerson(CreatorsOf(target.Kind)), year: null);
        work.IsDistractor = true;
        return work;
    }

    private Person Mentioning(Organisation target) => Mentioning(target.Kind switch
    {
        OrganisationKind.Company => PassageTemplates.MentionCompany,
        OrganisationKind.Band => PassageTemplates.MentionBand,
        _ => PassageTemplates.MentionUniversity,
    }, "{X}", target.Name);

    private Person Mentioning(Work target) => Mentioning(target.Kind switch
    {
        WorkKind.Book => PassageTemplates.MentionBook,
        WorkKind.Film => PassageTemplates.MentionFilm,
        _ => PassageTemplates.MentionAlbum,
    }, "{T}", target.Title);

    private Person Mentioning(Country target) => Mentioning(PassageTemplates.MentionCountry, "{K}", target.Name);

    /// <summary>A person whose passage names the entity in a role other than the one the question asks about.</summary>
    private Person Mentioning(string[] templates, string placeholder, string entity)
    {
        var person = NewPerson(AnyOccupation);
        person.Mention = writer.Mention(templates, person.Last, placeholder, entity);
        person.IsDistractor = true;
        return person;
    }
}
