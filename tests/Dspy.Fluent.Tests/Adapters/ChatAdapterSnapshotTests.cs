using Microsoft.Extensions.AI;
using Snapshooter.Xunit3;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The exact prompts ChatAdapter builds, as reviewed snapshot files (__snapshots__/). A changed snapshot is a
/// prompt change: it needs a reason in review. Messages are stored line by line so a diff reads like the prompt.
/// </summary>
public sealed class ChatAdapterSnapshotTests
{
    private static readonly Example Question = Example.Create("question", "How many moons does Mars have?");

    private static object Render(IReadOnlyList<ChatMessage> messages) =>
        messages.Select(m => new { Role = m.Role.Value, Lines = m.Text.Split('\n') }).ToArray();

    private static object Format(Signature signature, params Example[] demos) => Format(signature, Question, demos);

    private static object Format(Signature signature, Example inputs, params Example[] demos) =>
        Render(ChatAdapter.Default.Format(signature, demos, inputs));

    [Fact]
    public void Plain_question_answer() => Snapshot.Match(Format(Signature.Parse("question -> answer")));

    [Fact]
    public void Int_output() => Snapshot.Match(Format(Signature.Parse("question -> answer: int")));

    [Fact]
    public void Bool_output() => Snapshot.Match(Format(Signature.Parse("question -> is_known: bool")));

    [Fact]
    public void Enum_output() =>
        Snapshot.Match(Format(Signature.Parse("question -> sentiment: Sentiment", types: [typeof(Sentiment)])));

    [Fact]
    public void List_output() =>
        Snapshot.Match(Format(Signature.Parse("question -> candidates: list[str]").WithFieldDescription("candidates", "up to three guesses")));

    [Fact]
    public void Record_output() =>
        Snapshot.Match(Format(Signature.Parse("question -> person: Person", "Name the astronomer who found them.", [typeof(Person)])));

    [Fact]
    public void With_demos() =>
        Snapshot.Match(Format(Signature.Parse("question -> answer: int", "Answer with a number."),
            Example.Create("question", "How many moons does Earth have?").With("answer", 1),
            Example.Create("question", "How many moons does Venus have?").With("answer", 0)));

    [Fact]
    public void With_an_incomplete_demo() =>
        Snapshot.Match(Format(Predict.WithReasoning(Signature.Parse("question -> answer")),
            Example.Create("question", "How many moons does Earth have?").With("answer", "1"),
            Example.Create("question", "How many moons does Venus have?").With("reasoning", "Venus has none.").With("answer", "0")));

    [Fact]
    public void Chain_of_thought_with_context() =>
        Snapshot.Match(Format(Predict.WithReasoning(Signature.Parse("context: list[str], question -> answer")
            .WithFieldDescription("context", "may contain relevant facts")),
            Example.Create("context", new[] { "Mars | Mars has two moons, Phobos and Deimos." }).With("question", "How many moons does Mars have?"),
            Example.Create("context", new[] { "Phobos | Phobos is the larger moon of Mars.", "Deimos | Deimos is the smaller moon of Mars." })
                .With("question", "Which is the larger moon of Mars?").With("reasoning", "The first passage says so.").With("answer", "Phobos")));
}
