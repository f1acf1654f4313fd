namespace Dspy.Fluent.Simulation;

/// <summary>
/// The probabilities that steer one reply, derived from what the prompt contains — each for a reason a real model has:
/// instructions asking for brevity shorten answers, demos are imitated, a reasoning field lets the reader chain facts.
/// </summary>
internal sealed record Knobs(double Brevity, double Chaining, double BridgeQueries, double FormatBreaks)
{
    internal static readonly string[] BrevityCues = ["short", "brief", "concise", "factoid", "few words", "1 to 5 words", "1-5 words",
        "1 and 5 words", "one to five words", "only the answer", "exact span", "verbatim", "no explanation", "just the answer", "copied exactly"];
    internal static readonly string[] VerboseCues = ["full sentence", "complete sentence", "explain your answer", "in detail", "elaborate", "background detail"];
    internal static readonly string[] ChainCues = ["step by step", "links the question", "link the", "bridge", "connect", "two facts", "first find", "then read", "intermediate entity"];
    internal static readonly string[] EntityCues = ["entity", "entities", "names found in the context", "name from the context", "specific name", "from the context that"];
    internal static readonly string[] MisleadingCues = ["ignore the context", "general knowledge", "be creative", "guess"];
    internal static readonly string[] FormatCues = ["follow the format", "exactly the fields", "required format"];

    public static Knobs For(ReadPrompt prompt, SimulatedLMProfile profile)
    {
        var guidance = prompt.Guidance;
        var hasReasoning = prompt.HasOutput("reasoning") || prompt.HasOutput("rationale");
        var misleading = Lexicon.ContainsAny(guidance, MisleadingCues);

        var brevity = profile.Brevity + (Lexicon.ContainsAny(guidance, BrevityCues) ? 0.35 : 0) - (Lexicon.ContainsAny(guidance, VerboseCues) ? 0.4 : 0);
        var answerDemos = prompt.Demos.Select(d => d.Outputs.Where(o => o.Key != "reasoning").Select(o => o.Value).FirstOrDefault()).OfType<string>().ToList();
        if (answerDemos.Count > 0)
        {
            var shortShare = answerDemos.Count(a => Lexicon.WordCount(a) <= 5) / (double)answerDemos.Count;
            brevity = Math.Max(brevity, 0.45 + 0.5 * shortShare);
        }

        var chaining = (hasReasoning ? 0.85 : profile.Chaining) + (Lexicon.ContainsAny(guidance, ChainCues) ? 0.15 : 0)
            + 0.05 * Math.Min(3, prompt.Demos.Count(d => d.Outputs.ContainsKey("reasoning"))) - (misleading ? 0.3 : 0);

        var bridge = profile.BridgeQueries + (hasReasoning ? 0.15 : 0) + (Lexicon.ContainsAny(guidance, EntityCues) ? 0.35 : 0);
        var styled = prompt.Demos.Where(d => d.Outputs.ContainsKey("query") && d.Inputs.ContainsKey("context") && Passage.ParseContext(d.Inputs["context"]).Count > 0).ToList();
        if (styled.Count > 0)
        {
            var carrying = styled.Count(d => CarriesContextEntity(d));
            bridge = carrying > 0 ? Math.Max(bridge, 0.6 + 0.35 * carrying / styled.Count) : Math.Min(bridge, 0.25);
        }

        var breaks = (prompt.Demos.Count > 0 ? 0.02 : profile.FormatBreaks) * (Lexicon.ContainsAny(guidance, FormatCues) ? 0.5 : 1);
        return new Knobs(Clamp(brevity), Clamp(chaining), Clamp(bridge), Math.Clamp(breaks, 0, 1));
    }

    /// <summary>Whether a demo's query names an entity its context mentions and its question does not: the bridge style.</summary>
    private static bool CarriesContextEntity(ReadDemo demo)
    {
        var question = demo.Inputs.TryGetValue("question", out var q) ? q : "";
        var query = demo.Outputs["query"];
        return Passage.ParseContext(demo.Inputs["context"])
            .SelectMany(p => Lexicon.CapitalisedSpans(p.Text))
            .Any(span => span.Length > 3 && query.Contains(span, StringComparison.Ordinal) && !question.Contains(span, StringComparison.Ordinal));
    }

    private static double Clamp(double p) => Math.Clamp(p, 0.02, 0.97);
}
