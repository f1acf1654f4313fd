namespace Dspy.Fluent.Simulation;

internal sealed partial class Reader
{
    /// <summary>
    /// The answer the passages settle — every fact the question needs is there (both hops of a bridge, both sides of a
    /// comparison, the anchor's own passage for one hop) — or null while something is still missing. An agent uses
    /// it to decide whether to look further or finish.
    /// </summary>
    public Reading? Settled(QuestionShape question)
    {
        if (passages.Count == 0) return null;
        var q = Resolve(question);
        return q.Kind switch
        {
            AnswerKind.Choice => CompareChain(q),
            AnswerKind.YesNo => SameChain(q),
            _ when q.IsBridge && q.BridgeKind != AnswerKind.Other => BridgeChain(q),
            _ when q.Anchor is not null => OneHop(q),
            _ => null,
        };
    }

    private Reading? OneHop(QuestionShape q)
    {
        if (_typer.PassageAbout(q.Anchor!) is not { } about) return null;
        var reading = SingleHop(q, [about]);
        return _typer.Is(q.Kind, reading.Answer, reading.Sentence) ? reading : null;
    }
}
