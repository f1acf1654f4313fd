using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// ChatAdapter format and parse. The first pair is DSPy's overhead mode (<c>bench_dspy.py --mode overhead</c>):
/// the ChainOfThought <c>question -> answer</c> signature, no demos, a canned well-formed reply. The second adds a
/// third field and four demos, as a compiled program's prompt has.
/// </summary>
[Config(typeof(MicroConfig))]
public class AdapterBenchmarks
{
    private readonly ChatAdapter _adapter = ChatAdapter.Default;
    private Signature _cot = null!;
    private Signature _rag = null!;
    private Example _inputs = null!;
    private Example _ragInputs = null!;
    private Example[] _demos = [];
    private string _reply = "";

    /// <summary>Builds the signatures, inputs, demos and reply once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cot = Predict.WithReasoning(Signature.Parse("question -> answer"));
        _rag = Predict.WithReasoning(Signature.Parse("context, question -> answer"));
        _inputs = Example.Create("question", Capitals.Question(7)).WithInputs("question");
        _ragInputs = Example.Create("context", "capital city of Country7").With("question", Capitals.Question(7)).WithInputs("context", "question");
        _demos = [.. Enumerable.Range(100, 4).Select(i => Example.Create("context", CapitalsResponder.Value("query", i))
            .With("question", Capitals.Question(i)).With("reasoning", CapitalsResponder.Value("reasoning", i)).With("answer", $"City{i}")
            .WithInputs("context", "question"))];
        _reply = $"[[ ## reasoning ## ]]\n{CapitalsResponder.Value("reasoning", 7)}\n\n[[ ## answer ## ]]\nCity7\n\n[[ ## completed ## ]]";
    }

    /// <summary>Format then parse, ChainOfThought <c>question -> answer</c> (DSPy: 133.5 µs).</summary>
    [Benchmark(Baseline = true, Description = "ChatAdapter format+parse, CoT question->answer")]
    public Prediction FormatAndParse()
    {
        _ = _adapter.Format(_cot, [], _inputs);
        return _adapter.Parse(_cot, _reply);
    }

    /// <summary>Format alone (DSPy: 118.2 µs).</summary>
    [Benchmark(Description = "ChatAdapter format, CoT question->answer")]
    public IReadOnlyList<ChatMessage> Format() => _adapter.Format(_cot, [], _inputs);

    /// <summary>Parse alone (DSPy: 15.3 µs).</summary>
    [Benchmark(Description = "ChatAdapter parse, CoT question->answer")]
    public Prediction Parse() => _adapter.Parse(_cot, _reply);

    /// <summary>Format then parse with three fields and four demos.</summary>
    [Benchmark(Description = "ChatAdapter format+parse, CoT context,question->answer, 4 demos")]
    public Prediction FormatAndParseWithDemos()
    {
        _ = _adapter.Format(_rag, _demos, _ragInputs);
        return _adapter.Parse(_rag, _reply);
    }
}
