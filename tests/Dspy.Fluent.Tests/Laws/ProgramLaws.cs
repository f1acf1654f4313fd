using FsCheck.Xunit;

// FsCheck runs a property synchronously; a run over the scripted LM completes without waiting on anything.
#pragma warning disable xUnit1031

namespace Dspy.Fluent.Tests;

/// <summary>
/// The monad laws of program composition, checked on generated chains of predictor steps, on the outputs and on the
/// declared structure (the same predictors in the same order), so rewriting a query never changes what a program is.
/// </summary>
[Properties(MaxTest = 150, Arbitrary = [typeof(LawArbitraries)])]
public sealed class ProgramLaws
{
    /// <summary>A step that runs predictor <paramref name="index"/>; the predictor is captured, as user code captures it.</summary>
    private static Func<string, Step<string>> StepFor(int index)
    {
        var predictor = LawPrograms.Pool[index];
        return text => predictor.Call(Example.Create("question", text)).Select(p => p.GetText($"a{index}"));
    }

    private static Program<string, string> Chain(IEnumerable<int> steps) =>
        steps.Aggregate(Programs.Input<string>(), (program, i) => program.Bind(StepFor(i)));

    private static string Run(Program<string, string> program, string input) =>
        program.RunAsync(input, LawPrograms.Settings(LawPrograms.Lm()), TestContext.Current.CancellationToken).GetAwaiter().GetResult();

    private static bool SameStructure<TIn, TOut>(Program<TIn, TOut> a, Program<TIn, TOut> b) =>
        a.Predictors.SequenceEqual(b.Predictors, ReferenceEqualityComparer.Instance) && a.State.Equals(b.State);

    private static bool Equivalent(Program<string, string> a, Program<string, string> b, string input) =>
        SameStructure(a, b) && Run(a, input) == Run(b, input);

    [Property]
    public bool Select_with_identity_changes_neither_output_nor_structure(ChainCase c)
    {
        var program = Chain(c.Steps);
        return Equivalent(program.Select(x => x), program, c.Input);
    }

    [Property]
    public bool Select_composes(ChainCase c)
    {
        Func<string, string> f = s => s + "!";
        Func<string, string> g = s => $"{s.Length}:{s}";
        var program = Chain(c.Steps);
        return Equivalent(program.Select(f).Select(g), program.Select(x => g(f(x))), c.Input);
    }

    [Property]
    public bool Binding_a_returned_value_is_the_identity_on_either_side(ChainCase c)
    {
        var program = Chain(c.Steps);
        var first = StepFor(c.Steps[0]);
        return Equivalent(program.Bind(x => Steps.Return(x)), program, c.Input) &&
               Equivalent(Programs.Input<string>().Bind(x => Steps.Return(x)).Bind(first), Programs.Input<string>().Bind(first), c.Input);
    }

    [Property]
    public bool Bind_is_associative(ChainCase c)
    {
        var split = c.Steps.Length / 2;
        var m = Chain(c.Steps.Take(split));
        var f = StepFor(c.Steps[split]);
        var g = StepFor(c.Steps[(split + 1) % c.Steps.Length]);
        return Equivalent(m.Bind(f).Bind(g), m.Bind(x => f(x).Bind(g)), c.Input);
    }

    [Property]
    public bool A_chain_declares_exactly_the_predictors_it_uses_in_first_use_order(ChainCase c) =>
        Chain(c.Steps).Predictors.Select(p => p.Name.Value).SequenceEqual(c.Steps.Distinct().Select(i => $"step{i}"));
}
