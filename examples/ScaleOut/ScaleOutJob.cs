using Dspy.Fluent.Examples.MultiHopRag;

namespace Dspy.Fluent.Examples.ScaleOut;

/// <summary>What the coordinator and every silo build the same way: the main job's data, retriever and Baleen program.</summary>
internal sealed class ScaleOutJob : IDisposable
{
    public const string ProgramName = "baleen";

    private ScaleOutJob(MultiHopData data, Bm25Retriever retriever)
    {
        Data = data;
        Retriever = retriever;
    }

    public MultiHopData Data { get; }

    public Bm25Retriever Retriever { get; }

    public static async Task<ScaleOutJob> LoadAsync(int dev)
    {
        // The main job's synthetic world (seed 1), sized so every process generates the same one.
        var data = await MultiHopData.LoadAsync(new MultiHopOptions { Dev = dev });
        return new ScaleOutJob(data, Bm25Retriever.Build(data.Corpus));
    }

    /// <summary>The main job's Baleen (two hops of query generation, then an answer), uncompiled.</summary>
    public Program<MultiHopQuestion, RagAnswer> Program() => MultiHopPrograms.Baleen(Retriever);

    public static MultiHopQuestion Input(Example e) => new(e.GetText("question"));

    public void Dispose() => Retriever.Dispose();
}
