using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Dspy.Fluent.Tests;

/// <summary>The README's example, as written there, compiles and runs (on a scripted LM and a tiny corpus).</summary>
public sealed class ReadmeExampleTests
{
    [Description("Answer questions with short factoid answers.")]
    public sealed record GenerateAnswer([property: Description("may contain relevant facts")] IReadOnlyList<string> Context, string Question);

    public sealed record Answer([property: JsonPropertyName("answer"), Description("often between 1 and 5 words")] string Text);

    [Fact]
    public async Task The_README_example_compiles_saves_and_answers()
    {
        using var retriever = Bm25Retriever.Build(["Ada Lovelace | Ada Lovelace was born in London.", "Paris | Paris is in France."]);
        var chatClient = ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["reasoning"] = "The passage says so.", ["answer"] = "London" });
        var trainset = new[] { Example.Create("question", "Where was Ada Lovelace born?").With("answer", "London").WithInputs("question") };
        var path = Path.Combine(Path.GetTempPath(), $"rag-{Guid.NewGuid():N}.json");
        using var scope = LMSettings.Use(chatClient);

        // --- README ---
        var generateAnswer = Predict.ChainOfThought<GenerateAnswer, Answer>("generate_answer");
        Program<string, string> rag =
            from question in Programs.Input<string>()
            from passages in retriever.Search(question, k: 3)
            from answer in generateAnswer.Call(new GenerateAnswer(passages.ToContext(), question))
            select answer.Text;

        var compiled = (await new BootstrapFewShot(Metrics.ExactMatch).CompileAsync(rag, trainset, TestContext.Current.CancellationToken)).Program;
        await compiled.SaveAsync(path, TestContext.Current.CancellationToken);
        var text = await compiled.RunAsync("Where was Ada Lovelace born?", new LMSettings { Client = chatClient }, TestContext.Current.CancellationToken);
        // --- end ---

        Assert.Equal("London", text);
        Assert.Contains("generate_answer", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Contains("2. `answer` (str): often between 1 and 5 words", chatClient.Requests[^1].Messages[0].Text);
        File.Delete(path);
    }
}
