namespace Dspy.Fluent;

// One method per question template: each makes the fresh entities the question needs, phrases the question in one of
// two ways, says which entity and relation support it, and offers the distractors that suit it.
internal sealed partial class WorldBuilder
{
    private QuestionDraft Ask(QuestionTemplate template) => template switch
    {
        QuestionTemplate.FounderBirthCity => FounderBirth(template, askYear: false),
        QuestionTemplate.FounderBirthYear => FounderBirth(template, askYear: true),
        QuestionTemplate.CreatorBirthCity => CreatorBirth(template, p => p.BirthCity.Name, Relation.BornIn,
            "In which city was {0} born?", "Where was {0} born?"),
        QuestionTemplate.CreatorBirthYear => CreatorBirth(template, p => Year(p.BirthYear), Relation.BirthYear,
            "In what year was {0} born?", "When was {0} born?"),
        QuestionTemplate.CreatorBirthCountry => CreatorBirth(template, p => p.BirthCity.Country.Name, Relation.BornIn,
            "In which country was {0} born?", "Which country is {0} from?"),
        QuestionTemplate.HeadquartersCountry => HeadquartersCountry(template),
        QuestionTemplate.CapitalCompanyFounder => CapitalCompanyFounder(template),
        QuestionTemplate.CreatorFoundedOrganisation => CreatorFoundedOrganisation(template),
        QuestionTemplate.FoundedFirst => FoundedFirst(template),
        QuestionTemplate.BornFirst => BornFirst(template),
        QuestionTemplate.SameBirthCity => SameBirthCity(template),
        _ => SameReleaseYear(template),
    };

    private QuestionDraft FounderBirth(QuestionTemplate template, bool askYear)
    {
        var kind = random.Enum<OrganisationKind>();
        var founder = NewPerson(FoundersOf(kind));
        var org = NewOrganisation(kind, founder);
        var text = askYear
            ? Phrase($"In what year was the founder of {org.Name} born?", $"When was the founder of {org.Name} born?")
            : Phrase($"In which city was the founder of {org.Name} born?", $"Where was the founder of {org.Name} born?");
        return new QuestionDraft(template, text, askYear ? Year(founder.BirthYear) : founder.BirthCity.Name, founder.Name)
            .Supported(org, Relation.FoundedBy)
            .Supported(founder, askYear ? Relation.BirthYear : Relation.BornIn)
            .Misled(() => Namesake(founder), () => LookAlike(org), () => Mentioning(org));
    }

    private QuestionDraft CreatorBirth(QuestionTemplate template, Func<Person, string> answer, Relation relation, string phrasing1, string phrasing2)
    {
        var kind = random.Enum<WorkKind>();
        var creator = NewPerson(CreatorsOf(kind));
        var work = NewWork(kind, creator);
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Phrase(phrasing1, phrasing2), work.CreatorPhrase);
        return new QuestionDraft(template, text, answer(creator), creator.Name)
            .Supported(work, Relation.CreatedBy)
            .Supported(creator, relation)
            .Misled(() => Namesake(creator), () => Mentioning(work), () => LookAlike(work));
    }

    private QuestionDraft HeadquartersCountry(QuestionTemplate template)
    {
        var kind = random.Enum<OrganisationKind>();
        var org = NewOrganisation(kind, NewPerson(FoundersOf(kind)));
        var text = Phrase($"In which country is {org.Name} based?", $"Which country is {org.Name} located in?");
        return new QuestionDraft(template, text, org.Headquarters.Country.Name, org.Headquarters.Name)
            .Supported(org, Relation.HeadquarteredIn)
            .Supported(org.Headquarters, Relation.LocatedIn)
            .Misled(() => LookAlike(org, avoidCountry: org.Headquarters.Country), () => Mentioning(org));
    }

    private QuestionDraft CapitalCompanyFounder(QuestionTemplate template)
    {
        var capital = FreeCapital();
        var founder = NewPerson(CompanyFounders);
        var org = NewOrganisation(OrganisationKind.Company, founder, headquarters: capital);
        var country = capital.Country.Name;
        var text = Phrase($"Who founded the company headquartered in the capital of {country}?",
            $"Who is the founder of the company based in the capital of {country}?");
        return new QuestionDraft(template, text, founder.Name, capital.Name)
            .Supported(capital.Country, Relation.Capital)
            .Supported(org, Relation.HeadquarteredIn, Relation.FoundedBy)
            .Misled(() => Mentioning(capital.Country), () => Namesake(founder));
    }

    private QuestionDraft CreatorFoundedOrganisation(QuestionTemplate template)
    {
        var workKind = random.Enum<WorkKind>();
        var orgKind = workKind switch
        {
            WorkKind.Album => OrganisationKind.Band,
            WorkKind.Film => OrganisationKind.Company,
            _ => random.Bool() ? OrganisationKind.Company : OrganisationKind.University,
        };
        var creator = NewPerson(CreatorsOf(workKind));
        var work = NewWork(workKind, creator);
        var org = NewOrganisation(orgKind, creator);
        var noun = KindWord(orgKind);
        var text = Phrase($"Which {noun} was founded by {work.CreatorPhrase}?", $"What is the name of the {noun} that {work.CreatorPhrase} founded?");
        return new QuestionDraft(template, text, org.Name, creator.Name)
            .Supported(work, Relation.CreatedBy)
            .Supported(org, Relation.FoundedBy)
            .Misled(() => NamesakeFounder(creator, orgKind), () => Mentioning(work), () => LookAlike(org));
    }

    private QuestionDraft FoundedFirst(QuestionTemplate template)
    {
        var kind = random.Enum<OrganisationKind>();
        var a = NewOrganisation(kind, NewPerson(FoundersOf(kind)));
        Organisation b;
        do b = NewOrganisation(kind, NewPerson(FoundersOf(kind)));
        while (b.FoundedYear == a.FoundedYear && Discard(b));
        var text = Phrase($"Which was founded first, {a.Name} or {b.Name}?", $"Which {KindWord(kind)} is older, {a.Name} or {b.Name}?");
        return new QuestionDraft(template, text, a.FoundedYear < b.FoundedYear ? a.Name : b.Name, bridge: null)
            .Supported(a, Relation.FoundedYear)
            .Supported(b, Relation.FoundedYear)
            .Misled(() => LookAlike(a), () => LookAlike(b), () => Mentioning(random.Bool() ? a : b));
    }

    private QuestionDraft BornFirst(QuestionTemplate template)
    {
        var p1 = NewPerson(AnyOccupation);
        var p2 = NewPerson(AnyOccupation, birthYear: OtherYear(p1.BirthYear));
        var text = Phrase($"Who was born first, {p1.Name} or {p2.Name}?", $"Who is older, {p1.Name} or {p2.Name}?");
        return new QuestionDraft(template, text, p1.BirthYear < p2.BirthYear ? p1.Name : p2.Name, bridge: null)
            .Supported(p1, Relation.BirthYear)
            .Supported(p2, Relation.BirthYear)
            .Misled(() => Namesake(p1), () => Namesake(p2));
    }

    private QuestionDraft SameBirthCity(QuestionTemplate template)
    {
        var p1 = NewPerson(AnyOccupation);
        var same = random.Bool();
        var p2 = NewPerson(AnyOccupation, birthCity: same ? p1.BirthCity : PickCity(cities, c => c != p1.BirthCity));
        var text = Phrase($"Were {p1.Name} and {p2.Name} born in the same city?", $"Are {p1.Name} and {p2.Name} from the same city?");
        return new QuestionDraft(template, text, same ? "yes" : "no", bridge: null)
            .Supported(p1, Relation.BornIn)
            .Supported(p2, Relation.BornIn)
            // A namesake of the first person born where the second was born makes a careless "yes" look right.
            .Misled(() => Namesake(p1, same ? null : p2.BirthCity), () => Namesake(p2));
    }

    private QuestionDraft SameReleaseYear(QuestionTemplate template)
    {
        var kind = random.Enum<WorkKind>();
        var w1 = NewWork(kind, NewPerson(CreatorsOf(kind)));
        var same = random.Bool();
        // The second creator must be old enough to have made a work in that year.
        var creator2 = NewPerson(CreatorsOf(kind), minYear: Math.Max(FirstBirthYear, w1.Year - 60), maxYear: Math.Min(LastBirthYear, w1.Year - 20));
        var year2 = same ? w1.Year : OtherYear(w1.Year, creator2.BirthYear + 20, LastEventYear);
        var w2 = NewWork(kind, creator2, year: year2);
        var text = Phrase($"Were {w1.Title} and {w2.Title} released in the same year?", $"Did {w1.Title} and {w2.Title} come out in the same year?");
        return new QuestionDraft(template, text, same ? "yes" : "no", bridge: null)
            .Supported(w1, Relation.ReleasedYear)
            .Supported(w2, Relation.ReleasedYear)
            .Misled(() => LookAlike(w1), () => Mentioning(w2), () => LookAlike(w2));
    }

    private string Phrase(string first, string second) => random.Bool() ? first : second;

    private int OtherYear(int year, int min = FirstBirthYear, int max = LastBirthYear)
    {
        int other;
        do other = random.Number(min, Math.Max(min + 1, max));
        while (other == year);
        return other;
    }

    private bool Discard(Organisation org)
    {
        organisations.Remove(org);
        people.Remove(org.Founder);
        return true;
    }

    private static string KindWord(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Company => "company",
        OrganisationKind.Band => "band",
        _ => "university",
    };
}
