
namespace Dspy.Fluent.Tests;

/// <summary>Every synthetic question is answerable from its supporting passages, needs both hops, and comes with distractors.</summary>
public sealed class SyntheticQuestionTests
{
    private static readonly SyntheticWorld World = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 11, Questions = 400 });

    private static SyntheticPassage Passage(SyntheticWorld world, string title) => world.FindPassage(title) ?? throw new Xunit.Sdk.XunitException($"no passage '{title}'");

    [Fact]
    public void Every_span_answer_occurs_in_a_supporting_passage()
    {
        foreach (var q in World.Questions.Where(q => q.Answer is not ("yes" or "no")))
            Assert.Contains(q.SupportingTitles, t => Passage(World, t).Text.Contains(q.Answer));
    }

    [Fact]
    public void Bridge_questions_name_the_bridge_only_in_the_hop_one_passage_and_the_answer_only_in_hop_two()
    {
        var bridges = World.Questions.Where(q => q.Type == "bridge").ToList();

        Assert.NotEmpty(bridges);
        foreach (var q in bridges)
        {
            Assert.Equal(2, q.SupportingTitles.Count);
            var hop1 = Passage(World, q.SupportingTitles[0]);
            var hop2 = Passage(World, q.SupportingTitles[1]);
            Assert.DoesNotContain(q.Bridge!, q.Question);
            Assert.Contains(q.Bridge!, hop1.Text);
            Assert.True(hop2.Title == q.Bridge || hop2.Text.Contains(q.Bridge!), $"hop 2 of '{q.Question}' is not about {q.Bridge}");
            Assert.Contains(q.Answer, hop2.Text);
            Assert.DoesNotContain(q.Answer, hop1.Text);
        }
    }

    [Fact]
    public void Supporting_facts_point_at_the_sentences_that_state_the_bridge_and_the_answer()
    {
        foreach (var q in World.Questions.Where(q => q.Type == "bridge"))
        {
            var hop1 = q.SupportingFacts.First(f => f.Title == q.SupportingTitles[0]);
            var hop2 = q.SupportingFacts.Where(f => f.Title == q.SupportingTitles[1]);
            Assert.Contains(q.Bridge!, Passage(World, hop1.Title).Sentences[hop1.SentenceIndex]);
            // The answer is stated in a hop-2 sentence, or it is hop 2's title and the sentence links it to the bridge
            // ("It was founded by {bridge}"), as in HotPotQA when the answer is an article's subject.
            Assert.Contains(hop2, f => Passage(World, f.Title).Sentences[f.SentenceIndex] is var sentence
                && (sentence.Contains(q.Answer) || (f.Title == q.Answer && sentence.Contains(q.Bridge!))));
        }
    }

    [Fact]
    public void Comparison_questions_name_both_entities_and_their_answers_follow_from_the_facts()
    {
        var facts = World.Facts.ToLookup(f => (f.Subject, f.Relation), f => f.Object);
        var comparisons = World.Questions.Where(q => q.Type == "comparison").ToList();

        Assert.NotEmpty(comparisons);
        foreach (var q in comparisons)
        {
            var (a, b) = (q.SupportingTitles[0], q.SupportingTitles[1]);
            Assert.Contains(a, q.Question);
            Assert.Contains(b, q.Question);
            Assert.Null(q.Bridge);
            var expected = q.Template switch
            {
                QuestionTemplate.FoundedFirst => Earlier(facts[(a, "founded_year")].Single(), facts[(b, "founded_year")].Single()) ? a : b,
                QuestionTemplate.BornFirst => Earlier(facts[(a, "birth_year")].Single(), facts[(b, "birth_year")].Single()) ? a : b,
                QuestionTemplate.SameBirthCity => facts[(a, "born_in")].Single() == facts[(b, "born_in")].Single() ? "yes" : "no",
                _ => facts[(a, "released_year")].Single() == facts[(b, "released_year")].Single() ? "yes" : "no",
            };
            Assert.Equal(expected, q.Answer);
        }
    }

    private static bool Earlier(string yearA, string yearB) => int.Parse(yearA, System.Globalization.CultureInfo.InvariantCulture) < int.Parse(yearB, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_question_mix_covers_every_template_type_level_and_both_yes_and_no()
    {
        var comparisonShare = World.Questions.Count(q => q.Type == "comparison") / (double)World.Questions.Count;

        Assert.InRange(comparisonShare, 0.22, 0.38);
        Assert.Equal(Enum.GetValues<QuestionTemplate>().Order(), World.Questions.Select(q => q.Template).Distinct().Order());
        Assert.Equal(["easy", "hard", "medium"], World.Questions.Select(q => q.Level).Distinct().Order());
        Assert.Contains(World.Questions, q => q.Answer == "yes");
        Assert.Contains(World.Questions, q => q.Answer == "no");
    }

    [Fact]
    public void Templates_and_comparison_share_choose_the_mix()
    {
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions
        {
            Seed = 2,
            Questions = 60,
            Templates = [QuestionTemplate.FounderBirthCity, QuestionTemplate.SameBirthCity],
            ComparisonShare = 0.5,
        });

        Assert.Equal([QuestionTemplate.FounderBirthCity, QuestionTemplate.SameBirthCity], world.Questions.Select(q => q.Template).Distinct().Order());
        Assert.All(world.Questions.Where(q => q.Template == QuestionTemplate.FounderBirthCity),
            q => Assert.Matches("^(In which city|Where) was the founder of .+ born\\?$", q.Question));
    }

    [Fact]
    public void Questions_with_distractors_get_misleading_passages_that_share_words_with_them()
    {
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 5, Questions = 120, DistractorShare = 1, DistractorsPerQuestion = 2 });

        foreach (var q in world.Questions)
        {
            Assert.Equal(2, q.DistractorTitles.Count);
            var cue = Words(q.Question + " " + q.Bridge + " " + q.Answer + " " + string.Join(" ", q.SupportingTitles));
            foreach (var title in q.DistractorTitles)
            {
                var distractor = Passage(world, title);
                Assert.True(distractor.IsDistractor);
                Assert.DoesNotContain(title, q.SupportingTitles);
                Assert.True(Words(distractor.Text).Overlaps(cue), $"'{distractor.Text}' shares no name with '{q.Question}'");
            }
        }
        Assert.All(world.Questions.Where(q => q.Type == "bridge"), q => Assert.Equal("hard", q.Level));
    }

    [Fact]
    public void Without_distractors_no_passage_is_marked_as_one()
    {
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 5, Questions = 60, DistractorShare = 0 });

        Assert.DoesNotContain(world.Passages, p => p.IsDistractor);
        Assert.All(world.Questions, q => Assert.Empty(q.DistractorTitles));
        Assert.DoesNotContain(world.Questions, q => q.Level == "hard");
    }

    private static readonly HashSet<string> SentenceWords = new(StringComparer.Ordinal)
    {
        "Which", "Where", "When", "What", "Were", "Who", "Did", "Are", "Is", "In", "It", "Its", "The", "A", "An", "Founded", "Directed",
        "Recorded", "Written", "Formed", "Located", "Born", "Songs", "University", "College", "Academy", "Polytechnic", "State", "Institute", "Technology",
    };

    // Capitalised words (surnames can be as short as "Ek"): the names a reader would match on.
    private static HashSet<string> Words(string text) =>
        text.Split([' ', ',', '.', '?', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 2 && char.IsUpper(w[0]) && !SentenceWords.Contains(w))
            .ToHashSet(StringComparer.Ordinal);
}
