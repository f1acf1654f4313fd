namespace Dspy.Fluent.Tests;

/// <summary>
/// The simulated LM's behaviour on a seeded world of 240 questions (200 scored): each of the levers a real model has —
/// demos, a reasoning field, instructions — moves its scores in the direction it moves a real model's. The assertions
/// are directions with margins; the measured figures are written to the test output.
/// </summary>
public sealed class SimulatedLMBehaviourTests(SimulatedWorldFixture world) : IClassFixture<SimulatedWorldFixture>
{
    private static readonly Signature Answer = Signature.Parse("context: list[str], question -> answer");
    private static readonly Signature Query = Signature.Parse("context: list[str], question -> query", "Write a simple search query that will help answer a complex question.");

    private sealed record Score(double ExactMatch, int FormatBreaks, int Calls);

    private async Task<Score> AnswerOnGoldContext(Program<Example, Prediction> program)
    {
        var settings = new LMSettings { Client = new SimulatedLM() };
        int exact = 0, breaks = 0, calls = 0;
        foreach (var q in world.Dev)
        {
            var outcome = await program.TryRunAsync(Example.Create("context", world.GoldContext(q)).With("question", q.Question), settings, TestContext.Current.CancellationToken);
            calls += outcome.History.Count;
            breaks += outcome.History.Calls.Count(c => c.Adapter == "JsonAdapter"); // a broken format costs a JSON retry
            if (outcome.Succeeded && AnswerMatch.ExactMatch(outcome.Output!.GetText("answer"), [q.Answer])) exact++;
        }
        return new Score(exact / (double)world.Dev.Count, breaks, calls);
    }

    private ProgramState FourDemos(string predictor) => ProgramState.Empty.With(predictor, new PredictorState
    {
        Demos = world.Train.Take(4).Select(q => Example.Create("context", world.GoldContext(q)).With("question", q.Question).With("answer", q.Answer)).ToArray(),
    });

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage(line);

    [Fact]
    public async Task Four_good_demos_make_answers_short_and_exact()
    {
        var without = await AnswerOnGoldContext(Predict.ChainOfThought("answer", Answer));
        var with = await AnswerOnGoldContext(Predict.ChainOfThought("answer", Answer).WithState(FourDemos("answer")));

        Report($"answer EM, chain of thought on gold context: no demos {without.ExactMatch:P1}, 4 demos {with.ExactMatch:P1}");
        Assert.True(with.ExactMatch > without.ExactMatch + 0.4, $"{without} vs {with}");
    }

    [Fact]
    public async Task Without_demos_it_breaks_the_format_for_a_share_of_prompts_and_demos_fix_most_of_it()
    {
        var without = await AnswerOnGoldContext(Predict.Create("answer", Answer));
        var with = await AnswerOnGoldContext(Predict.Create("answer", Answer).WithState(FourDemos("answer")));

        Report($"format breaks (JSON fallbacks) per 200 prompts: no demos {without.FormatBreaks}, 4 demos {with.FormatBreaks}");
        Assert.InRange(without.FormatBreaks, 10, 50);
        Assert.True(with.FormatBreaks * 3 < without.FormatBreaks, $"{without} vs {with}");
    }

    [Fact]
    public async Task A_reasoning_field_lets_it_link_the_two_facts_a_bridge_question_needs()
    {
        var predict = await AnswerOnGoldContext(Predict.Create("answer", Answer).WithState(FourDemos("answer")));
        var chain = await AnswerOnGoldContext(Predict.ChainOfThought("answer", Answer).WithState(FourDemos("answer")));

        Report($"answer EM with 4 demos on gold context: Predict {predict.ExactMatch:P1}, ChainOfThought {chain.ExactMatch:P1}");
        Assert.True(chain.ExactMatch > predict.ExactMatch + 0.3, $"{predict} vs {chain}");
    }

    [Fact]
    public async Task A_helpful_instruction_beats_an_unrelated_one_which_beats_a_misleading_one()
    {
        var helpful = await AnswerOnGoldContext(Predict.ChainOfThought("answer", Answer.WithInstructions("Answer with a short factoid phrase of 1 to 5 words, copied exactly from the context.")));
        var unrelated = await AnswerOnGoldContext(Predict.ChainOfThought("answer", Answer.WithInstructions("The weather is nice today.")));
        var misleading = await AnswerOnGoldContext(Predict.ChainOfThought("answer", Answer.WithInstructions("Explain your answer in complete sentences with background detail.")));

        Report($"answer EM by instruction: helpful {helpful.ExactMatch:P1}, unrelated {unrelated.ExactMatch:P1}, misleading {misleading.ExactMatch:P1}");
        Assert.True(helpful.ExactMatch > unrelated.ExactMatch + 0.15, $"{helpful} vs {unrelated}");
        Assert.True(unrelated.ExactMatch > misleading.ExactMatch + 0.05, $"{unrelated} vs {misleading}");
    }

    [Fact]
    public async Task A_reasoning_field_carries_the_bridge_entity_into_the_second_query_more_often()
    {
        var plain = await HopTwoRecall(Predict.Create("query", Query));
        var reasoned = await HopTwoRecall(Predict.ChainOfThought("query", Query));

        Report($"hop-2 retrieval recall (gold hop-2 passage in top 3): Predict {plain:P1}, ChainOfThought {reasoned:P1}");
        Assert.True(reasoned > plain + 0.05, $"{plain} vs {reasoned}");
    }

    [Fact]
    public async Task Demos_whose_queries_carry_the_bridge_entity_are_imitated()
    {
        var demos = world.Train.Where(q => q.Bridge is not null).Take(4).Select(q =>
            Example.Create("context", new[] { world.World.FindPassage(q.SupportingTitles[0])!.CorpusText })
                .With("question", q.Question).With("query", $"{q.Bridge} born")).ToArray();
        var predictor = Predict.Create("query", Query);

        var without = await HopTwoRecall(predictor);
        var with = await HopTwoRecall(predictor.WithState(ProgramState.Empty.With("query", new PredictorState { Demos = demos })));

        Report($"hop-2 retrieval recall: no demos {without:P1}, 4 bridge-style demos {with:P1}");
        Assert.True(with > without + 0.3, $"{without} vs {with}");
    }

    private async Task<double> HopTwoRecall(Program<Example, Prediction> queryWriter)
    {
        var settings = new LMSettings { Client = new SimulatedLM() };
        var bridges = world.Dev.Where(q => q.Bridge is not null).ToList();
        var found = 0;
        foreach (var q in bridges)
        {
            var hop1 = world.World.FindPassage(q.SupportingTitles[0])!.CorpusText;
            var outcome = await queryWriter.TryRunAsync(Example.Create("context", new[] { hop1 }).With("question", q.Question), settings, TestContext.Current.CancellationToken);
            if (!outcome.Succeeded) continue;
            var passages = await world.Retriever.SearchAsync(outcome.Output!.GetText("query"), 3, TestContext.Current.CancellationToken);
            if (passages.Any(p => p.Title == q.SupportingTitles[^1])) found++;
        }
        return found / (double)bridges.Count;
    }
}
