namespace Dspy.Fluent.Simulation;

/// <summary>
/// Judges a response against a reference the way a lenient grader would: recall is the share of the reference's
/// content words the response covers, precision the share of the response's content words found in the reference.
/// </summary>
internal static class Judge
{
    public static (double Recall, double Precision) Score(string reference, string response)
    {
        var gold = Lexicon.ContentWords(reference);
        var said = Lexicon.ContentWords(response);
        if (gold.Count == 0 || said.Count == 0) return (0, 0);
        var common = gold.Intersect(said).Count();
        return (common / (double)gold.Count, common / (double)said.Count);
    }
}
