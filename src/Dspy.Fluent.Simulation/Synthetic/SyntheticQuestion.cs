namespace Dspy.Fluent;

/// <summary>One two-hop question of a <see cref="SyntheticWorld"/>, in HotPotQA's shape.</summary>
/// <remarks>
/// The answer is an exact span of a supporting passage (a city, a country, a year, a person's or an organisation's name),
/// except for yes/no comparisons whose answer is <c>"yes"</c> or <c>"no"</c>.
/// For bridge questions <see cref="SupportingTitles"/> is [hop-1 title, hop-2 title]: the hop-1 passage names
/// <see cref="Bridge"/>, which the question does not, and the hop-2 passage (titled by the bridge, or naming it) holds the answer.
/// </remarks>
/// <param name="Id">A stable id, <c>"s{seed}-q{index}"</c>.</param>
/// <param name="Question">The question text.</param>
/// <param name="Answer">The gold answer.</param>
/// <param name="Type"><c>"bridge"</c> or <c>"comparison"</c>, as in HotPotQA.</param>
/// <param name="Level"><c>"easy"</c> (comparison without distractors), <c>"medium"</c> (comparison with distractors, or bridge
/// without) or <c>"hard"</c> (bridge with distractors).</param>
/// <param name="Template">Which template wrote the question.</param>
/// <param name="Bridge">The entity that links the two hops (bridge questions), or null for comparisons.</param>
/// <param name="SupportingFacts">The sentences the answer rests on, hop 1 first.</param>
/// <param name="SupportingTitles">The distinct titles of <paramref name="SupportingFacts"/>, in order.</param>
/// <param name="DistractorTitles">Titles of the distractor passages written for this question (may be empty).</param>
public sealed record SyntheticQuestion(
    string Id,
    string Question,
    string Answer,
    string Type,
    string Level,
    QuestionTemplate Template,
    string? Bridge,
    IReadOnlyList<SupportingFact> SupportingFacts,
    IReadOnlyList<string> SupportingTitles,
    IReadOnlyList<string> DistractorTitles);
