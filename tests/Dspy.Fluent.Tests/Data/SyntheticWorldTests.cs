using System.Text;

namespace Dspy.Fluent.Tests;

/// <summary>A synthetic world is reproducible, saves and loads faithfully, and is well formed.</summary>
public sealed class SyntheticWorldTests
{
    private static readonly SyntheticWorld World = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 200 });

    [Fact]
    public void The_same_seed_and_size_give_byte_identical_json()
    {
        var options = new SyntheticWorldOptions { Seed = 7, Questions = 200 };

        var first = SyntheticWorld.Generate(options).ToJson();
        var second = SyntheticWorld.Generate(options).ToJson();

        Assert.Equal(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second));
    }

    [Fact]
    public void A_different_seed_gives_a_different_world()
    {
        var other = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 8, Questions = 200 });

        Assert.NotEqual(World.ToJson(), other.ToJson());
        Assert.NotEqual(World.Questions[0].Question, other.Questions[0].Question);
    }

    [Fact]
    public async Task A_saved_world_loads_back_to_the_same_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"world-{Guid.NewGuid():N}.json");
        try
        {
            await World.SaveAsync(path, TestContext.Current.CancellationToken);

            var loaded = await SyntheticWorld.LoadAsync(path, TestContext.Current.CancellationToken);

            Assert.Equal(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), Encoding.UTF8.GetBytes(loaded.ToJson()));
            Assert.Equal(World.Questions.Count, loaded.Questions.Count);
            Assert.Equal(World.Options, loaded.Options);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_uses_unix_line_ends_and_readable_names()
    {
        var json = World.ToJson();

        Assert.DoesNotContain("\r", json);
        Assert.DoesNotContain("\\u00", json);
        Assert.StartsWith("{\n  \"format\": \"dspy-fluent/synthetic-world\",\n  \"version\": 1,", json);
    }

    [Fact]
    public void Loading_json_with_a_missing_answer_names_the_path()
    {
        var json = World.ToJson().Replace("\"answer\":", "\"solution\":", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => SyntheticWorld.FromJson(json));

        Assert.Equal("the JSON text is not a valid saved synthetic world: $.questions[0].answer is missing. Regenerate it with SyntheticWorld.Generate and SaveAsync.",
            error.Message);
    }

    [Fact]
    public void Loading_json_that_is_not_a_world_says_so()
    {
        var error = Assert.Throws<FormatException>(() => SyntheticWorld.FromJson("{\"passages\": []}"));

        Assert.Equal("the JSON text is not a saved synthetic world: it needs \"format\": \"dspy-fluent/synthetic-world\" at the top. Save worlds with SyntheticWorld.SaveAsync.",
            error.Message);
    }

    [Fact]
    public void Every_passage_title_is_a_distinct_name()
    {
        var titles = World.Passages.Select(p => p.Title).ToList();

        Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_sentence_ends_with_a_full_stop_and_splits_back_out_of_the_text()
    {
        foreach (var passage in World.Passages)
        {
            Assert.All(passage.Sentences, s => Assert.EndsWith(".", s));
            Assert.All(passage.Sentences, s => Assert.DoesNotContain(". ", s));
            var pieces = passage.Text.Split(". ");
            Assert.Equal(passage.Sentences, pieces.Select((piece, i) => i < pieces.Length - 1 ? piece + "." : piece));
        }
    }

    [Fact]
    public void Every_fact_is_stated_in_its_subjects_passage()
    {
        var byTitle = World.Passages.ToDictionary(p => p.Title);

        foreach (var fact in World.Facts.Where(f => f.Relation != "occupation"))
            Assert.Contains(fact.Object, byTitle[fact.Subject].Text);
        foreach (var fact in World.Facts.Where(f => f.Relation == "occupation"))
            Assert.Contains(fact.Object, byTitle[fact.Subject].Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_corpus_holds_each_passage_as_title_bar_text()
    {
        var passage = World.Passages[3];

        Assert.Equal(World.Passages.Count, World.Corpus.Count);
        Assert.Equal($"{passage.Title} | {passage.Text}", World.Corpus[3]);
    }

    [Fact]
    public void Examples_take_the_question_as_input_and_keep_answer_type_level_and_titles_as_labels()
    {
        var examples = World.ToExamples();
        var question = World.Questions[5];

        Assert.Equal(World.Questions.Count, examples.Count);
        Assert.Equal(["question"], examples[5].InputKeys);
        Assert.Equal(question.Question, examples[5].GetText("question"));
        Assert.Equal(question.Answer, examples[5].GetText("answer"));
        Assert.Equal(question.Type, examples[5].GetText("type"));
        Assert.Equal(question.Level, examples[5].GetText("level"));
        Assert.Equal(question.SupportingTitles, examples[5].Get<IReadOnlyList<string>>("supporting_titles"));
    }

    [Fact]
    public void Options_out_of_range_are_rejected_with_their_name()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticWorld.Generate(new SyntheticWorldOptions { Questions = 0 }));

        Assert.StartsWith("Questions must be between 1 and 2000 (was 0).", error.Message);
        Assert.Throws<ArgumentException>(() => SyntheticWorld.Generate(new SyntheticWorldOptions { DistractorsPerQuestion = 4 }));
        Assert.Throws<ArgumentException>(() => SyntheticWorld.Generate(new SyntheticWorldOptions { ComparisonShare = 1.5 }));
        Assert.Throws<ArgumentException>(() => SyntheticWorld.Generate(new SyntheticWorldOptions { Templates = [] }));
    }

    [Fact]
    public void A_thousand_question_world_is_generated_with_every_answer_supported()
    {
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 3, Questions = 1000 });

        Assert.Equal(1000, world.Questions.Count);
        Assert.All(world.Questions, q => Assert.True(q.Answer is "yes" or "no" || q.SupportingTitles.Any(t => world.FindPassage(t)!.Text.Contains(q.Answer)), q.Question));
    }
}
