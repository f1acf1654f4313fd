namespace Dspy.Fluent;

/// <summary>Per-compile inputs besides the student and the trainset: how examples become inputs, a valset and a teacher.</summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <remarks>Corresponds to the keyword arguments of DSPy's <c>compile(student, trainset=…, teacher=…, valset=…)</c>.</remarks>
public sealed record CompileOptions<TIn, TOut>
{
    /// <summary>No valset, no teacher, default input mapping.</summary>
    public static CompileOptions<TIn, TOut> Default { get; } = new();

    /// <summary>Builds the program input from an example; <see cref="ProgramInputs.Default{TIn}"/> when null.</summary>
    public Func<Example, TIn>? ToInput { get; init; }

    /// <summary>Examples to score candidates on; optimizers that need one use the trainset (or a split of it) when null.</summary>
    public IReadOnlyList<Example>? Valset { get; init; }

    /// <summary>The program whose runs become demos; by default the student with labeled demos.</summary>
    public Program<TIn, TOut>? Teacher { get; init; }

    /// <summary>Where the optimizer's program runs go (teacher runs, candidate and minibatch evaluations): in this process by
    /// default, or e.g. across a cluster. The compiled program does not depend on it.</summary>
    public IExampleExecutor Executor { get; init; } = InProcessExecutor.Instance;
}
