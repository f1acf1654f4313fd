using System.Text.Json;
using FsCheck.Xunit;

#pragma warning disable xUnit1031 // FsCheck runs a property synchronously; the file I/O here is local and short.

namespace Dspy.Fluent.Tests;

/// <summary>Round trips on generated values: saved state, signature text, and the ChatAdapter's reply format.</summary>
[Properties(MaxTest = 150, Arbitrary = [typeof(LawArbitraries)])]
public sealed class StateAndFormatLaws
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Property]
    public bool A_state_survives_JSON(StateCase c)
    {
        var applied = LawPrograms.TwoPredictors.WithState(c.State).State;
        return ProgramState.FromJson(applied.ToJson()).Equals(applied);
    }

    [Property]
    public bool Save_then_load_gives_the_same_state(StateCase c)
    {
        var program = LawPrograms.TwoPredictors.WithState(c.State);
        var path = Path.Combine(Path.GetTempPath(), $"law-{Guid.NewGuid():N}.json");
        try
        {
            program.SaveAsync(path, Ct).GetAwaiter().GetResult();
            var loaded = LawPrograms.TwoPredictors.LoadStateAsync(path, Ct).GetAwaiter().GetResult();
            // A saved program has an entry for every predictor; an uncompiled one is empty with its signature.
            var expected = program.Predictors.Aggregate(ProgramState.Empty, (s, p) =>
                s.With(p.Name, (program.State.Find(p.Name) ?? PredictorState.Empty) with { Signature = p.Signature }));
            return loaded.State.Equals(expected);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Property]
    public bool A_signature_reads_back_from_its_text(SignatureCase c) =>
        Signature.Parse(c.Signature.ToString()).Equals(c.Signature);

    [Property]
    public bool ChatAdapter_parses_back_every_value_it_formats(ReplyCase c) => RoundTrips(ChatAdapter.Default, c);

    [Property]
    public bool JsonAdapter_parses_back_every_value_it_formats(ReplyCase c) => RoundTrips(JsonAdapter.Default, c);

    private static bool RoundTrips(IAdapter adapter, ReplyCase c)
    {
        var parsed = adapter.Parse(c.Signature, adapter.FormatReply(c.Signature, c.Outputs));
        return c.Outputs.All(kv => JsonSerializer.Serialize(kv.Value) == JsonSerializer.Serialize(parsed[kv.Key]));
    }
}
