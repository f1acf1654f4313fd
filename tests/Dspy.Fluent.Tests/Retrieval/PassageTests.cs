
namespace Dspy.Fluent.Tests;

public sealed class PassageTests
{
    [Fact]
    public void A_passage_string_splits_at_the_first_separator()
    {
        var passage = Passage.Parse("Ridgeback Railway | A line | with a pipe in its text.", 2.5);

        Assert.Equal(new Passage("Ridgeback Railway", "A line | with a pipe in its text."), passage);
        Assert.Equal(2.5, passage.Score);
    }

    [Fact]
    public void A_string_without_a_separator_is_all_text_and_prints_back_unchanged()
    {
        var passage = Passage.Parse("Just some text.");

        Assert.Equal(("", "Just some text."), (passage.Title, passage.Text));
        Assert.Equal("Just some text.", passage.ToString());
    }

    [Fact]
    public void The_string_form_is_title_bar_text()
    {
        Assert.Equal("Quillby | A fishing port.", new Passage("Quillby", "A fishing port.", 7).ToString());
    }

    [Fact]
    public void Passages_with_the_same_title_and_text_are_equal_whatever_their_scores()
    {
        var a = new Passage("Quillby", "A fishing port.", 1.0);
        var b = new Passage("Quillby", "A fishing port.", 9.0);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new Passage("Quillby", "A fishing town.", 1.0));
    }

    [Fact]
    public void Deduplicate_keeps_the_first_occurrence_of_each_passage()
    {
        Passage[] context = [new("A", "a", 3), new("B", "b", 2)];
        Passage[] hop = [new("B", "b", 9), new("C", "c", 8), new("A", "a", 7)];

        var merged = context.Concat(hop).Deduplicate();

        Assert.Equal(["A", "B", "C"], merged.Select(p => p.Title));
        Assert.Equal([3.0, 2.0, 8.0], merged.Select(p => p.Score));
    }

    [Fact]
    public void Context_strings_are_deduplicated_in_first_seen_order()
    {
        IReadOnlyList<string> context = ["B | b", "A | a"];
        Passage[] hop = [new("A", "a"), new("C", "c"), new("B", "b")];

        var merged = context.Concat(hop.ToContext()).Deduplicate();

        Assert.Equal(["B | b", "A | a", "C | c"], merged);
    }

    [Fact]
    public void Null_title_or_text_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new Passage(null!, "text"));
        Assert.Throws<ArgumentNullException>(() => new Passage("title", null!));
    }
}
