namespace Dspy.Fluent.Tests;

/// <summary>One seeded synthetic world (240 questions) and a BM25 index over it, shared by the simulated-LM behaviour tests.</summary>
public sealed class SimulatedWorldFixture : IDisposable
{
    public SimulatedWorldFixture()
    {
        World = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 11, Questions = 240 });
        Retriever = Bm25Retriever.Build(World.Corpus);
        Train = World.Questions.Take(40).ToList();
        Dev = World.Questions.Skip(40).ToList();
    }

    public SyntheticWorld World { get; }

    public Bm25Retriever Retriever { get; }

    public IReadOnlyList<SyntheticQuestion> Train { get; }

    public IReadOnlyList<SyntheticQuestion> Dev { get; }

    /// <summary>The question's supporting passages and its distractors, as "title | text" strings.</summary>
    public string[] GoldContext(SyntheticQuestion q) =>
        q.SupportingTitles.Concat(q.DistractorTitles).Select(t => World.FindPassage(t)!.CorpusText).ToArray();

    public void Dispose() => Retriever.Dispose();
}
