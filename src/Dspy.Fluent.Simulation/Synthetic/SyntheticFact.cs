namespace Dspy.Fluent;

/// <summary>One fact of a <see cref="SyntheticWorld"/>, as a subject–relation–object triple.</summary>
/// <remarks>Relations: <c>occupation</c>, <c>birth_year</c>, <c>born_in</c> (person → city), <c>founded_by</c> (organisation → person),
/// <c>founded_year</c>, <c>headquartered_in</c> (organisation → city), <c>located_in</c> (city → country), <c>capital</c>
/// (country → city), <c>created_by</c> (work → person), <c>released_year</c>. Objects are written as text (years as digits).</remarks>
/// <param name="Subject">The entity the fact is about (its passage title).</param>
/// <param name="Relation">The relation name.</param>
/// <param name="Object">The value: another entity's name, a year, or an occupation.</param>
public sealed record SyntheticFact(string Subject, string Relation, string Object);
