using System.Collections.Concurrent;
using Bogus;
using Bogus.Bson;

namespace Dspy.Fluent;

/// <summary>
/// Bogus's first and last names for one locale, read once into arrays. Drawing from the arrays with the world's
/// <see cref="Randomizer"/> is what <c>Faker.Name</c> does, minus the per-call lookups in Bogus's embedded database,
/// which made names the most expensive part of a world.
/// </summary>
internal sealed record NameLists(string[] First, string[] Last)
{
    private static readonly ConcurrentDictionary<string, NameLists> Cache = new(StringComparer.Ordinal);

    public static NameLists For(string locale) => Cache.GetOrAdd(locale, Load);

    private static NameLists Load(string locale)
    {
        // Gendered lists where a locale has them (as Faker.Name.FirstName prefers), plus the plain list; no fallback to English.
        var first = new[] { "first_name", "male_first_name", "female_first_name" }.SelectMany(key => Strings(locale, key))
            .Where(IsClean).Distinct(StringComparer.Ordinal).ToArray();
        var last = Strings(locale, "last_name").Where(IsClean).Distinct(StringComparer.Ordinal).ToArray();
        if (first.Length == 0 || last.Length == 0)
            throw new InvalidOperationException($"Bogus has no first or last names for locale '{locale}'.");
        return new NameLists(first, last);
    }

    // Letters, spaces, hyphens and apostrophes only: this drops a few mis-encoded entries in Bogus's lists
    // (nl has "Ã\u0096mer" for "Ömer") and anything that would break sentence splitting.
    private static bool IsClean(string name) => name.Length > 0 && name.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'');

    private static IEnumerable<string> Strings(string locale, string key) =>
        Database.HasKey("name", key, locale, null) && Database.Get("name", key, locale, null) is BArray list
            ? Enumerable.Range(0, list.Count).Select(i => list[i].StringValue)
            : [];
}
