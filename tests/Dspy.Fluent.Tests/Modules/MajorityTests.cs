namespace Dspy.Fluent.Tests;

public sealed class MajorityTests
{
    private static Prediction P(string answer, string reasoning = "r") => new(Replies.Of(("reasoning", reasoning), ("answer", answer)));

    [Fact]
    public void The_most_common_normalised_answer_wins_and_its_first_completion_is_returned()
    {
        var first = P("Paris.", "one");

        var winner = Majority.Of([P("London"), first, P("the paris"), P("PARIS")]);

        Assert.Same(first, winner);
    }

    [Fact]
    public void Ties_go_to_the_value_seen_first()
    {
        var london = P("London");

        var winner = Majority.Of([london, P("Paris"), P("paris"), P("london")]);

        Assert.Same(london, winner);
    }

    [Fact]
    public void Values_that_normalise_to_nothing_are_ignored_unless_nothing_else_is_left()
    {
        var rome = P("Rome");
        var blank = P("");

        Assert.Same(rome, Majority.Of([P("The"), P("..."), rome]));
        Assert.Same(blank, Majority.Of([blank, P("a")]));
    }

    [Fact]
    public void A_field_and_a_normaliser_can_be_chosen_and_typed_items_voted_on()
    {
        var b = P("x", reasoning: "B");

        Assert.Same(b, Majority.Of([P("x", "A"), b, P("y", "b")], field: "reasoning", normalize: s => s.ToUpperInvariant()));
        Assert.Equal(("b", 2), Majority.Of([("a", 1), ("b", 2), ("B.", 3)], item => item.Item1));
    }

    [Fact]
    public void DSPy_normalisation_lowers_case_drops_punctuation_articles_and_extra_spaces()
    {
        Assert.Equal("eiffel tower", Majority.Normalize("  The Eiffel  Tower!! "));
        Assert.Equal("eiffeltower", Majority.Normalize("Eiffel-Tower"));
        Assert.Null(Majority.Normalize("An a the ."));
    }

    [Fact]
    public void Voting_needs_completions_that_have_the_field()
    {
        Assert.Throws<ArgumentException>(() => Majority.Of(Array.Empty<Prediction>()));
        var error = Assert.Throws<ArgumentException>(() => Majority.Of([P("a"), new Prediction(Replies.Of(("other", "x")))], field: "answer"));
        Assert.Contains("Completion 2 has no field 'answer'", error.Message);
    }
}
