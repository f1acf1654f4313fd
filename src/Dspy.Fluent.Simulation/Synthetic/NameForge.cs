using Bogus;

namespace Dspy.Fluent;

/// <summary>
/// Makes the world's names: people from Bogus's name lists in several locales, places built from invented syllables,
/// organisations and works from small word banks. Every full name is unique across all kinds, and no place shares a
/// name with any person's surname, so a name in a question always points at one entity.
/// </summary>
internal sealed class NameForge(Randomizer random)
{
    // Locales whose name lists load quickly and read as plausible European names; the mix makes surnames varied.
    private static readonly string[] Locales = ["en", "de", "fr", "it", "nl", "es", "sv"];

    private static readonly string[] CityStarts =
        ["Vel", "Bren", "Quen", "Tarn", "Zel", "Yar", "Kesh", "Lorn", "Rav", "Dre", "Fal", "Ith", "Ost", "Umber", "Vash", "Wyr", "Cael",
         "Dor", "Eld", "Fen", "Grel", "Hask", "Ivel", "Jor", "Kav", "Mir", "Nesh", "Orl", "Pell", "Sarn", "Thal", "Var", "Brae", "Corv"];
    private static readonly string[] CityMiddles = ["", "", "", "", "a", "e", "i", "o", "an", "en", "ar"];
    private static readonly string[] CityEnds =
        ["mora", "wick", "haven", "ford", "dale", "mouth", "brook", "stead", "gate", "holm", "bury", "ton", "field", "mere", "crest", "vale", "port", "moor", "ley"];
    private static readonly string[] CountryStarts =
        ["Ost", "Val", "Mer", "Quel", "Tav", "Dor", "Zan", "Bel", "Kar", "Ald", "Vor", "Lun", "Esk", "Ithr", "Pel", "Tir", "Nav", "Sol", "Ver", "Gal", "Har", "Cor", "Brev", "Yst"];
    private static readonly string[] CountryMiddles = ["", "e", "a", "i", "o", "ra", "re", "la", "li", "na", "ne", "ri"];
    private static readonly string[] CountryEnds = ["lia", "ria", "nia", "land", "mark", "vania", "dor", "ia", "gard", "mere", "esh", "ovia"];

    // Syllable names that happen to be real places are dropped, so no model can answer from memory.
    private static readonly HashSet<string> RealPlaces = new(StringComparer.OrdinalIgnoreCase)
        { "Karelia", "Galicia", "Valencia", "Bolivia", "Moravia", "Iberia", "Liberia", "Nigeria", "Algeria", "Livonia", "Solna", "Dorset",
          "Ravenna", "Verona", "Tiran", "Harland", "Corinth", "Belgard", "Ostend", "Falmouth", "Dorton", "Varberg", "Ithaca" };

    private static readonly string[] Regions =
        ["the Amber Coast", "the Northern Reach", "the Eastern Marches", "the Sundering Sea", "the Vale of Orm", "the Silver Archipelago",
         "the High Steppe", "the Western Shoals", "the Lantern Gulf", "the Ashen Plateau"];

    private static readonly string[] CompanyPrefixes =
        ["Bright", "Silver", "North", "Clear", "Iron", "Blue", "Red", "Stone", "Cedar", "Golden", "High", "Swift", "Deep", "Wind", "Star", "Frost",
         "Amber", "Oak", "Copper", "Raven", "Green", "Summit", "Harbor", "Falcon", "Ember", "Willow", "Granite", "Maple", "Crystal", "Thunder",
         "Polar", "Birch"];
    private static readonly string[] CompanySuffixes =
        ["water", "field", "stone", "bridge", "peak", "line", "gate", "wood", "light", "point", "crest", "forge", "vale", "path", "ridge", "hill",
         "brook", "haven", "mark", "spire"];
    private static readonly (string Field, string Industry)[] CompanyFields =
        [("Analytics", "software"), ("Logistics", "freight"), ("Systems", "technology"), ("Robotics", "robotics"), ("Pharmaceuticals", "pharmaceutical"),
         ("Foods", "food processing"), ("Textiles", "textile"), ("Media", "media"), ("Energy", "energy"), ("Aerospace", "aerospace"),
         ("Motors", "automotive"), ("Instruments", "electronics"), ("Labs", "biotechnology"), ("Shipping", "shipping"), ("Insurance", "insurance"),
         ("Publishing", "publishing")];
    private static readonly string[] UniversityForms =
        ["{0} University", "{0} College", "University of {0}", "{0} Institute of Technology", "{0} Polytechnic", "{0} Academy", "{0} State University"];
    private static readonly string[] BandAdjectives =
        ["Velvet", "Hollow", "Crimson", "Paper", "Electric", "Midnight", "Silent", "Broken", "Golden", "Wild", "Neon", "Glass", "Lunar", "Rusty",
         "Secret", "Lonely", "Northern", "Burning", "Copper", "Restless", "Scarlet", "Hidden", "Distant", "Frozen", "Gentle", "Wandering",
         "Silver", "Bitter", "Sleepless", "Painted", "Hungry", "Marble", "Sunken", "Howling", "Crooked", "Tidal", "Amber", "Feral", "Pale",
         "Static", "Violet", "Lucky"];
    private static readonly string[] BandNouns =
        ["Lanterns", "Foxes", "Echoes", "Harbors", "Ravens", "Tides", "Engines", "Orchards", "Comets", "Mirrors", "Wolves", "Pilots", "Sparrows",
         "Anchors", "Satellites", "Giants", "Kites", "Owls", "Rivers", "Lions", "Sailors", "Dreamers", "Strangers", "Thieves", "Clocks",
         "Arrows", "Shadows", "Monarchs", "Drifters", "Hounds", "Bells", "Sirens", "Ghosts", "Magpies", "Hornets", "Orbits", "Horses",
         "Strings", "Saints", "Lovers"];

    private static readonly string[] WorkNouns =
        ["Orchard", "Harbor", "Lantern", "River", "Mirror", "Garden", "Tower", "Bridge", "Island", "Winter", "Glass", "Salt", "Ember", "Feather",
         "Compass", "Shadow", "Meadow", "Tide", "Lighthouse", "Letter", "Crown", "Forest", "Archive", "Station", "Atlas", "Signal", "Mountain",
         "Desert", "Window", "Cathedral", "Voyage", "Promise", "Circus", "Anchor", "Harvest", "Frontier", "Labyrinth", "Monsoon", "Citadel", "Carousel",
         "Canal", "Orchid", "Comet", "Furnace", "Garrison", "Horizon", "Kingdom", "Lagoon", "Marsh", "Needle", "Pilgrim", "Quarry", "Rampart",
         "Satellite", "Thicket", "Valley", "Wharf", "Beacon", "Cellar", "Dynasty"];
    private static readonly string[] WorkAdjectives =
        ["Quiet", "Silver", "Burning", "Hidden", "Distant", "Broken", "Golden", "Hollow", "Restless", "Endless", "Crimson", "Paper", "Silent",
         "Northern", "Velvet", "Fading", "Wandering", "Bitter", "Gentle", "Frozen", "Electric", "Forgotten", "Secret", "Shining", "Lonely",
         "Scarlet", "Weightless", "Sleepless", "Borrowed", "Patient", "Crooked", "Drowned", "Eastern", "Feverish", "Glass", "Iron", "Last",
         "Midnight", "Narrow", "Painted", "Radiant", "Savage", "Twilight", "Unquiet", "Wild"];

    // {N} is the stem noun that look-alike titles keep; {A} an adjective and {M} a second noun that they change.
    private static readonly string[] BookForms = ["The {N} of {M}", "{A} {N}", "The {A} {N}", "A {N} of {M}"];
    private static readonly string[] FilmForms = ["The Last {N}", "{A} {N}", "{N} at Dawn", "Beyond the {N}", "The {N} of {M}"];
    private static readonly string[] AlbumForms = ["{A} {N}", "{N} Sessions", "Songs from the {N}", "The {A} {N}"];

    private const int MaxAttempts = 2000;

    // Look-alike names keep a stem, which leaves only a few free names per stem; past this many tries there is no look-alike.
    private const int LookAlikeAttempts = 40;

    private readonly HashSet<string> taken = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> surnames = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> places = new(StringComparer.OrdinalIgnoreCase);

    public (string First, string Last, string Locale) Person()
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var locale = random.ArrayElement(Locales);
            var names = NameLists.For(locale);
            var first = random.ArrayElement(names.First);
            var last = random.ArrayElement(names.Last);
            if (TakePerson(first, last)) return (first, last, locale);
        }
        throw Exhausted("person names");
    }

    /// <summary>Someone else with the same surname (and name culture) as <paramref name="last"/>.</summary>
    public string Namesake(string last, string locale)
    {
        var firstNames = NameLists.For(locale).First;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var first = random.ArrayElement(firstNames);
            if (TakePerson(first, last)) return first;
        }
        throw Exhausted($"first names for the surname {last}");
    }

    public string City() => Place(CityStarts, CityMiddles, CityEnds, "city names");

    public string Country() => Place(CountryStarts, CountryMiddles, CountryEnds, "country names");

    public string Region() => random.ArrayElement(Regions);

    public (string Name, string Stem, string Industry)? Company(string? stem = null)
    {
        for (var attempt = 0; attempt < Attempts(stem); attempt++)
        {
            var s = stem ?? Compound();
            var (field, industry) = random.ArrayElement(CompanyFields);
            var name = $"{s} {field}";
            if (Take(name)) return (name, s, industry);
        }
        return stem is null ? throw Exhausted("company names") : null;
    }

    public (string Name, string Stem)? University(string? stem = null)
    {
        for (var attempt = 0; attempt < Attempts(stem); attempt++)
        {
            var s = stem ?? Compound();
            var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, random.ArrayElement(UniversityForms), s);
            if (Take(name)) return (name, s);
        }
        return stem is null ? throw Exhausted("university names") : null;
    }

    public (string Name, string Stem)? Band(string? stem = null)
    {
        for (var attempt = 0; attempt < Attempts(stem); attempt++)
        {
            var s = stem ?? random.ArrayElement(BandNouns);
            var name = random.Bool(0.7f) ? $"The {random.ArrayElement(BandAdjectives)} {s}" : $"{s} of the {random.ArrayElement(WorkNouns)}";
            if (Take(name)) return (name, s);
        }
        return stem is null ? throw Exhausted("band names") : null;
    }

    public (string Title, string Stem)? Work(WorkKind kind, string? stem = null)
    {
        var forms = kind switch { WorkKind.Book => BookForms, WorkKind.Film => FilmForms, _ => AlbumForms };
        for (var attempt = 0; attempt < Attempts(stem); attempt++)
        {
            var noun = stem ?? random.ArrayElement(WorkNouns);
            var title = random.ArrayElement(forms)
                .Replace("{N}", noun, StringComparison.Ordinal)
                .Replace("{A}", random.ArrayElement(WorkAdjectives), StringComparison.Ordinal)
                .Replace("{M}", random.ArrayElement(WorkNouns), StringComparison.Ordinal);
            if (!title.Contains($"{noun} of {noun}", StringComparison.Ordinal) && Take(title)) return (title, noun);
        }
        return stem is null ? throw Exhausted("work titles") : null;
    }

    private static int Attempts(string? stem) => stem is null ? MaxAttempts : LookAlikeAttempts;

    private string Compound()
    {
        while (true)
        {
            var prefix = random.ArrayElement(CompanyPrefixes);
            var suffix = random.ArrayElement(CompanySuffixes);
            if (!string.Equals(prefix, suffix, StringComparison.OrdinalIgnoreCase)) return prefix + suffix;
        }
    }

    private string Place(string[] starts, string[] middles, string[] ends, string what)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var name = random.ArrayElement(starts) + random.ArrayElement(middles) + random.ArrayElement(ends);
            if (!Pronounceable(name) || RealPlaces.Contains(name) || surnames.Contains(name) || !Take(name)) continue;
            places.Add(name);
            return name;
        }
        throw Exhausted(what);
    }

    /// <summary>False for syllable joins that read badly: a doubled consonant ("Ithrriesh") or three vowels in a row ("Braeenport").</summary>
    private static bool Pronounceable(string name)
    {
        var lower = name.ToLowerInvariant();
        for (var i = 1; i < lower.Length; i++)
        {
            if (lower[i] == lower[i - 1] && !IsVowel(lower[i]) && lower[i] is not ('l' or 's' or 't' or 'n')) return false;
            if (i >= 2 && IsVowel(lower[i]) && IsVowel(lower[i - 1]) && IsVowel(lower[i - 2])) return false;
        }
        return true;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private bool TakePerson(string first, string last)
    {
        // Names must survive sentence splitting and the "title | text" corpus form unchanged.
        if (first.Length == 0 || last.Length == 0 || places.Contains(last) || (first + last).IndexOfAny(['.', '|', ',', '(', ')']) >= 0) return false;
        if (!Take($"{first} {last}")) return false;
        surnames.Add(last);
        return true;
    }

    private bool Take(string name) => taken.Add(name);

    private static InvalidOperationException Exhausted(string what) =>
        new($"The synthetic world ran out of distinct {what} after {MaxAttempts} attempts; ask for fewer questions.");
}
