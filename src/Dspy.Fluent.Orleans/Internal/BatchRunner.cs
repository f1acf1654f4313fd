using System.Collections.Concurrent;
using System.Reflection;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// Runs a batch on the silo exactly as <see cref="InProcessExecutor"/> would on the client: the silo's build of the
/// program with the shipped state, the shipped LM settings over the silo's own LM, the same run-and-score code.
/// </summary>
internal static class BatchRunner
{
    private static readonly MethodInfo RunTyped = typeof(BatchRunner).GetMethod(nameof(RunTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly ConcurrentDictionary<(Type, Type), Func<DspyProgram, BatchRequest, IMetric, string, CancellationToken, Task<byte[]>>> Runners = new();

    public static Task<byte[]> RunAsync(DspyProgram program, BatchRequest request, IMetric metric, string silo, CancellationToken cancellationToken)
    {
        // The hosted program's types are known only at run time; one typed runner is made per type pair.
        var runner = Runners.GetOrAdd((program.InputType, program.OutputType), static types =>
            RunTyped.MakeGenericMethod(types.Item1, types.Item2)
                .CreateDelegate<Func<DspyProgram, BatchRequest, IMetric, string, CancellationToken, Task<byte[]>>>());
        return runner(program, request, metric, silo, cancellationToken);
    }

    private static async Task<byte[]> RunTypedAsync<TIn, TOut>(DspyProgram hosted, BatchRequest request, IMetric metric, string silo, CancellationToken cancellationToken)
    {
        var typed = (DspyProgram<TIn, TOut>)hosted;
        var program = await typed.GetProgramAsync(cancellationToken).ConfigureAwait(false);
        PredictorFingerprint.Check(program, request.Structure, request.Program, silo);
        program = program.WithState(ProgramStateJson.Read(request.StateJson, $"the state shipped to silo {silo}"));

        // Each example gets the input the client built; the runner looks it up by the example instance.
        var examples = request.Examples.Select(e => e.Example).ToArray();
        var inputs = new Dictionary<Example, TIn>(ReferenceEqualityComparer.Instance);
        foreach (var e in request.Examples) inputs[e.Example] = WireValue<TIn>.Read(e.Input)!;
        var work = new ExampleWork<TIn, TOut>
        {
            Program = program, Examples = examples, ToInput = e => inputs[e], Metric = metric,
            Settings = request.Settings.ApplyTo(typed.Settings), Concurrency = Math.Max(1, examples.Length),
            Bootstrapping = request.Bootstrapping, KeepHistory = request.KeepHistory,
        };
        var runs = new List<ExampleRun<TOut>>(examples.Length);
        await foreach (var run in InProcessExecutor.Instance.RunAsync(work, cancellationToken).ConfigureAwait(false))
            runs.Add(run with { Index = request.Examples[run.Index].Index });
        return BatchReply.Write(runs);
    }
}
