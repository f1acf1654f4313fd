namespace Dspy.Fluent;

/// <summary>A question before its passages are written: which entity and relation each supporting sentence will state,
/// and how to make the distractors that suit it.</summary>
internal sealed class QuestionDraft(QuestionTemplate template, string text, string answer, string? bridge)
{
    public QuestionTemplate Template { get; } = template;
    public List<(object Entity, Relation[] Relations)> Support { get; } = [];
    public List<Func<object?>> DistractorMakers { get; } = [];
    public List<object> Distractors { get; } = [];

    public QuestionDraft Supported(object entity, params Relation[] relations)
    {
        Support.Add((entity, relations));
        return this;
    }

    public QuestionDraft Misled(params Func<object?>[] makers)
    {
        DistractorMakers.AddRange(makers);
        return this;
    }

    public SyntheticQuestion Resolve(string id, IReadOnlyDictionary<object, WrittenPassage> written)
    {
        var facts = new List<SupportingFact>();
        foreach (var (entity, relations) in Support)
        {
            var passage = written[entity];
            foreach (var index in relations.Select(r => passage.SentenceOf[r]).Distinct().Order())
                facts.Add(new SupportingFact(passage.Passage.Title, index));
        }
        var isBridge = bridge is not null;
        var level = (isBridge, Distractors.Count > 0) switch { (true, true) => "hard", (false, false) => "easy", _ => "medium" };
        return new SyntheticQuestion(id, text, answer, isBridge ? "bridge" : "comparison", level, Template, bridge, facts,
            facts.Select(f => f.Title).Distinct().ToList(), Distractors.Select(d => written[d].Passage.Title).ToList());
    }
}
