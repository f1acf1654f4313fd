using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// A scripted LM for instruction-optimizer rules: the program <c>question -> answer</c> answers "a{i}" for question
/// "q{i}" when its instructions contain "BRIEF" and only for even i otherwise; proposer requests get whatever
/// <c>propose</c> returns for them (or an instruction with "BRIEF" appended).
/// </summary>
internal static class ToyInstructionLM
{
    public static Predictor<Example, Prediction> Qa { get; } = Predict.Create("qa", "question -> answer");

    public static Example[] Trainset(int n) =>
        Enumerable.Range(0, n).Select(i => Example.Create("question", $"q{i}").With("answer", $"a{i}").WithInputs("question")).ToArray();

    public static ScriptedChatClient Create(Func<IReadOnlyList<ChatMessage>, string>? propose = null) => ScriptedChatClient.Answering(messages =>
    {
        var system = messages[0].Text;
        var output = new[] { "proposed_instruction", "new_instruction" }.FirstOrDefault(f => system.Contains($"`{f}`", StringComparison.Ordinal));
        if (output is not null)
            return new Dictionary<string, object?> { [output] = propose?.Invoke(messages) ?? "Answer the question. BRIEF." };
        var q = ScriptedChatClient.InputOf(messages, "question")!;
        var i = int.Parse(q[1..], System.Globalization.CultureInfo.InvariantCulture);
        var brief = system.Contains("BRIEF", StringComparison.Ordinal);
        return new Dictionary<string, object?> { ["answer"] = brief || i % 2 == 0 ? $"a{i}" : "wrong" };
    });

    /// <summary>Whether a request was sent to a proposer (its output field names an instruction).</summary>
    public static bool IsProposal(ScriptedRequest request) =>
        System.Text.RegularExpressions.Regex.IsMatch(request.Messages[0].Text, "Your output fields are:\n1. `[a-z_]*instruction`");
}
