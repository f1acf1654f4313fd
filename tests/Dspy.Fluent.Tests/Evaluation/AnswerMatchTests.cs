using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>
/// DSPy's answer normalisation, exact match, F1 and passage match, checked against values DSPy itself computed
/// (Golden/metrics-golden.json, written by make_metrics_golden.py with the vendored DSPy).
/// </summary>
public sealed class AnswerMatchTests
{
    private static readonly JsonElement Golden = GoldenFiles.Load("metrics-golden.json");

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static TheoryData<string, string> NormalizeCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Golden.GetProperty("normalize").EnumerateArray())
            data.Add(c.GetProperty("text").GetString()!, c.GetProperty("normalized").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(NormalizeCases))]
    public void Normalize_gives_exactly_what_DSPy_gives(string text, string expected) =>
        Assert.Equal(expected, AnswerMatch.Normalize(text));

    [Fact]
    public void Exact_match_agrees_with_DSPy_on_every_golden_case()
    {
        foreach (var c in Golden.GetProperty("em").EnumerateArray())
        {
            var prediction = c.GetProperty("prediction").GetString()!;
            var answers = Strings(c.GetProperty("answers"));

            var match = AnswerMatch.ExactMatch(prediction, answers);

            Assert.True(c.GetProperty("match").GetBoolean() == match, $"EM({JsonSerializer.Serialize(prediction)}, {JsonSerializer.Serialize(answers)}) should be {!match}");
        }
    }

    [Fact]
    public void F1_agrees_with_DSPy_bit_for_bit_on_every_golden_case()
    {
        foreach (var c in Golden.GetProperty("f1").EnumerateArray())
        {
            var prediction = c.GetProperty("prediction").GetString()!;
            var answers = Strings(c.GetProperty("answers"));

            var f1 = AnswerMatch.F1(prediction, answers);

            Assert.Equal(BitConverter.DoubleToInt64Bits(c.GetProperty("f1").GetDouble()), BitConverter.DoubleToInt64Bits(f1));
        }
    }

    [Fact]
    public void Passage_match_agrees_with_DSPy_on_every_golden_case()
    {
        foreach (var c in Golden.GetProperty("passage_match").EnumerateArray())
        {
            var passages = Strings(c.GetProperty("passages"));
            var answers = Strings(c.GetProperty("answers"));

            var match = passages.Any(p => AnswerMatch.PassageContains(p, answers));

            Assert.True(c.GetProperty("match").GetBoolean() == match, $"passage match of {JsonSerializer.Serialize(answers)} in {JsonSerializer.Serialize(passages)} should be {!match}");
        }
    }

    [Fact]
    public void Normalize_removes_ASCII_punctuation_but_keeps_other_punctuation()
    {
        Assert.Equal("rockandroll its 100", AnswerMatch.Normalize("rock-and-roll, it's 100%!"));
        Assert.Equal("“quoted” — yes", AnswerMatch.Normalize("“Quoted” — yes."));
    }

    [Fact]
    public void Normalize_removes_articles_only_as_whole_words()
    {
        Assert.Equal("apple day", AnswerMatch.Normalize("An apple a day"));
        Assert.Equal("theater anthem", AnswerMatch.Normalize("the theater, an anthem"));
    }

    [Fact]
    public void Normalize_makes_composed_and_decomposed_accents_equal_without_removing_them()
    {
        Assert.Equal(AnswerMatch.Normalize("Caf\u00e9"), AnswerMatch.Normalize("Cafe\u0301"));
        Assert.NotEqual(AnswerMatch.Normalize("Cafe"), AnswerMatch.Normalize("Café"));
    }

    [Fact]
    public void Normalize_collapses_every_kind_of_whitespace_to_single_spaces()
    {
        Assert.Equal("answer is 42", AnswerMatch.Normalize("  \n The\tanswer\u00a0 is\r\n42  "));
    }

    [Fact]
    public void Exact_match_accepts_any_answer_of_a_list()
    {
        Assert.True(AnswerMatch.ExactMatch("the Louvre", ["Eiffel Tower", "Louvre"]));
        Assert.False(AnswerMatch.ExactMatch("Paris", ["Paris, France"]));
    }

    [Fact]
    public void F1_is_the_best_over_the_answers_from_token_precision_and_recall()
    {
        // "one two three four five six seven" vs "two four six": 3 shared, precision 3/7, recall 1 → 0.6.
        var f1 = AnswerMatch.F1("one two three four five six seven", ["two four six", "seven"]);

        Assert.Equal(2 * (3.0 / 7) * 1 / (3.0 / 7 + 1), f1);
    }

    [Fact]
    public void F1_counts_repeated_tokens_only_as_often_as_both_sides_have_them()
    {
        Assert.Equal(0.75, AnswerMatch.F1("1 2 2 3", ["2 2 2 1"])); // shared: 1, 2, 2 → p 3/4, r 3/4
    }

    [Fact]
    public void An_empty_list_of_answers_is_an_error_that_says_so()
    {
        var error = Assert.Throws<ArgumentException>(() => AnswerMatch.ExactMatch("x", []));

        Assert.Contains("no acceptable answers", error.Message);
    }
}
