namespace Dspy.Fluent;

/// <summary>Asks a proposer for several instructions at once (one request per rollout id) and checks each reply.</summary>
internal static class InstructionProposals
{
    /// <summary>One proposal: the instruction, or why there is none.</summary>
    public sealed record Proposal(string RolloutId, string? Instruction, string? Rejection);

    /// <summary>The report note for proposals that were not instructions, worded for one or several.</summary>
    public static string DroppedNote(int rejected) =>
        $"{(rejected == 1 ? "1 proposal was not an instruction and was" : $"{rejected} proposals were not instructions and were")} dropped (see the trials marked 'proposal').";

    /// <summary>
    /// Sends one request per rollout id, concurrently, and returns the checked proposals in rollout order (so the
    /// result does not depend on which reply arrives first).
    /// </summary>
    public static async Task<IReadOnlyList<Proposal>> ProposeAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, Predictor<Example, Prediction> proposer,
        Example inputs, string outputField, LMSettings settings, IReadOnlyList<string> rolloutIds, CancellationToken cancellationToken)
    {
        var replies = await Task.WhenAll(rolloutIds.Select(id =>
            run.ProposeAsync(proposer, inputs, settings with { RolloutId = id }, cancellationToken))).ConfigureAwait(false);
        return replies.Select((reply, i) =>
        {
            if (reply.Error is { } error) return new Proposal(rolloutIds[i], null, $"the proposer failed: {error}");
            var (instruction, rejection) = ProposedInstruction.Check(reply.Output!.GetText(outputField));
            return new Proposal(rolloutIds[i], instruction, rejection);
        }).ToList();
    }

    /// <summary>The instruction a predictor runs with in <paramref name="state"/>: compiled, else declared.</summary>
    public static string Current(ProgramState state, IPredictor predictor) => state.Find(predictor.Name)?.Instructions ?? predictor.Signature.Instructions;

    /// <summary><paramref name="state"/> with <paramref name="predictor"/> running <paramref name="instruction"/>.</summary>
    /// <remarks>The state is returned as it is when the predictor already runs that instruction, so the original
    /// candidate is the uncompiled state itself (and its score is known from the baseline).</remarks>
    public static ProgramState WithInstruction(ProgramState state, IPredictor predictor, string instruction) =>
        instruction == Current(state, predictor) ? state
            : state.Update(predictor.Name, s => s with { Instructions = instruction, Signature = predictor.Signature });
}
