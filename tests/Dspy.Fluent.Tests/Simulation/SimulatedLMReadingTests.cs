namespace Dspy.Fluent.Tests;

/// <summary>How the simulated LM reads a small hand-written world in the synthetic world's style.</summary>
public sealed class SimulatedLMReadingTests
{
    private static readonly string[] Context =
    [
        "Brightwater Analytics | Brightwater Analytics is a software company headquartered in Velmora. It was founded in 1991 by Marta Kovač.",
        "Marta Kovač | Marta Kovač (born 1962) is a chemist. Kovač was born in Dunmere, Zemlia.",
        "Ivo Kovač | Ivo Kovač is an engineer from Karsk, Ostrava Minor. Kovač worked as an engineer at Brightwater Analytics.",
        "Velmora | Velmora is a city in Zemlia.",
        "Quill House | Quill House is a publishing company based in Karsk. The company was established by Ivo Kovač in 1984.",
    ];

    // Reading is what these tests are about: a model that never breaks the format and always answers tersely.
    private static readonly SimulatedLMProfile Tidy = new() { Brevity = 1, FormatBreaks = 0 };

    private static async Task<Prediction> Ask(Predictor<Example, Prediction> predictor, string question, string? rollout = null, SimulatedLMProfile? profile = null)
    {
        var inputs = Example.Create("context", Context).With("question", question);
        var lm = new SimulatedLM(new SimulatedLMOptions { Profile = profile ?? Tidy });
        return await predictor.RunAsync(inputs, new LMSettings { Client = lm, RolloutId = rollout }, TestContext.Current.CancellationToken);
    }

    private static Predictor<Example, Prediction> Cot(string instructions = "Answer questions with short factoid answers.") =>
        Predict.ChainOfThought("answer", Signature.Parse("context: list[str], question -> answer", instructions));

    [Theory]
    [InlineData("In which city was the founder of Brightwater Analytics born?", "Dunmere")]
    [InlineData("When was the founder of Brightwater Analytics born?", "1962")]
    [InlineData("In which country is Brightwater Analytics based?", "Zemlia")]
    [InlineData("Which was founded first, Brightwater Analytics or Quill House?", "Quill House")]
    public async Task With_a_reasoning_field_it_links_two_facts(string question, string answer)
    {
        var reply = await Ask(Cot("Answer with a short factoid phrase of 1 to 5 words."), question);

        Assert.Contains(answer, reply.GetText("answer"));
        Assert.Contains(answer, reply.GetText("reasoning"));
    }

    [Fact]
    public async Task Without_reasoning_it_tends_to_answer_from_the_passage_that_matches_the_question_best()
    {
        var qa = Predict.Create("answer", Signature.Parse("context: list[str], question -> answer", "Give only the answer span, with no explanation."));
        var answers = new List<string>();
        for (var i = 0; i < 12; i++)
            answers.Add((await Ask(qa, "In which city was the founder of Brightwater Analytics born?", rollout: $"r{i}", profile: new() { Brevity = 1, FormatBreaks = 0, Chaining = 0.25 })).GetText("answer"));

        Assert.Contains("Velmora", answers); // the company's own city: one hop, wrong
        Assert.True(answers.Count(a => a == "Velmora") > answers.Count(a => a == "Dunmere"), string.Join(", ", answers));
    }

    [Fact]
    public async Task The_same_prompt_always_gets_the_same_reply_and_rollouts_vary_some()
    {
        var habits = SimulatedLMProfile.Default with { FormatBreaks = 0 };
        var first = await Ask(Cot(), "Where was the founder of Brightwater Analytics born?", profile: habits);
        var again = await Ask(Cot(), "Where was the founder of Brightwater Analytics born?", profile: habits);
        var rolled = new List<string>();
        for (var i = 0; i < 20; i++) rolled.Add((await Ask(Cot(), "Where was the founder of Brightwater Analytics born?", rollout: $"r{i}", profile: habits)).GetText("answer"));

        Assert.Equal(first.GetText("answer"), again.GetText("answer"));
        Assert.Equal(first.GetText("reasoning"), again.GetText("reasoning"));
        Assert.True(rolled.Distinct().Count() > 1, string.Join(" | ", rolled));
    }

    [Fact]
    public async Task It_reports_simulated_as_its_provider()
    {
        using var lm = new SimulatedLM();

        var metadata = (Microsoft.Extensions.AI.ChatClientMetadata?)lm.GetService(typeof(Microsoft.Extensions.AI.ChatClientMetadata));

        Assert.Equal("simulated", metadata?.ProviderName);
        await Task.CompletedTask;
    }
}
