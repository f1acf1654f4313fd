using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Dspy.Fluent.Tests;

/// <summary>A chain of predictor steps: which of <see cref="LawPrograms.Pool"/> each step uses, and the input.</summary>
public sealed record ChainCase(int[] Steps, string Input)
{
    public override string ToString() => $"steps [{string.Join(", ", Steps)}] on \"{Input}\"";
}

/// <summary>A generated state for <see cref="LawPrograms.TwoPredictors"/>.</summary>
public sealed record StateCase(ProgramState State)
{
    public override string ToString() => State.ToJson();
}

/// <summary>A generated signature.</summary>
public sealed record SignatureCase(Signature Signature)
{
    public override string ToString() => Signature.ToString();
}

/// <summary>A signature with one output per supported field type and a value for each.</summary>
public sealed record ReplyCase(Signature Signature, IReadOnlyDictionary<string, object?> Outputs)
{
    public override string ToString() => $"{Signature} = {JsonSerializer.Serialize(Outputs)}";
}

/// <summary>Generators for the law tests: small, valid values of the library's own types.</summary>
public static class LawArbitraries
{
    private static readonly string[] Words = ["ada", "London", "Lovelace", "1815", "engine", "é", "東京", "x-y", "it's", "a \"quote\"", "50%", "α β"];

    private static Gen<string> Text() =>
        from n in Gen.Choose(1, 4)
        from words in Gen.ArrayOf(Gen.Elements(Words), n)
        select string.Join(" ", words);

    private static Gen<string> Identifier() =>
        from head in Gen.Elements("question", "context", "answer", "query", "score", "tags", "hop", "facts", "label", "notes")
        from suffix in Gen.Choose(0, 9)
        select suffix == 0 ? head : $"{head}_{suffix}";

    private static readonly FieldType[] Types =
    [
        FieldType.String, FieldType.Integer, FieldType.Float, FieldType.Boolean,
        FieldType.ListOf(FieldType.String), FieldType.ListOf(FieldType.Integer),
        FieldType.DictionaryOf(FieldType.String, FieldType.Integer), FieldType.LiteralOf("yes", "no", "maybe"),
        FieldType.OptionalOf(FieldType.String),
    ];

    public static Arbitrary<ChainCase> Chains() =>
        (from n in Gen.Choose(1, 5)
         from steps in Gen.ArrayOf(Gen.Choose(0, LawPrograms.Pool.Length - 1), n)
         from input in Text()
         select new ChainCase(steps, input)).ToArbitrary();

    public static Arbitrary<StateCase> States() =>
        (from names in Gen.SubListOf(new[] { "qa", "summarize" })
         from states in Gen.CollectToArray(names, name => PredictorStateFor(name))
         select new StateCase(names.Zip(states).Aggregate(ProgramState.Empty, (s, p) => s.With(p.Item1, p.Item2)))).ToArbitrary();

    private static Gen<PredictorState> PredictorStateFor(string name) =>
        from instructions in Gen.OneOf(Gen.Constant<string?>(null), Text().Select(t => (string?)t))
        from demoCount in Gen.Choose(0, 3)
        from demos in Gen.ArrayOf(Demo(name), demoCount)
        from temperature in Gen.OneOf(Gen.Constant<float?>(null), Gen.Choose(0, 20).Select(t => (float?)(t / 10f)))
        from maxTokens in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 4096).Select(t => (int?)t))
        from model in Gen.Elements<string?>(null, "gpt-4o-mini", "ft:qa:v2")
        select new PredictorState { Instructions = instructions, Demos = demos, Temperature = temperature, MaxTokens = maxTokens, Model = model };

    private static Gen<Example> Demo(string name) =>
        from input in Text()
        from output in Text()
        from augmented in Gen.Elements(true, false)
        let demo = name == "qa"
            ? Example.Create("question", input).With("answer", output)
            : Example.Create("text", input).With("summary", output)
        select (augmented ? demo.With(PredictorState.AugmentedKey, true) : demo).WithInputs(name == "qa" ? "question" : "text");

    public static Arbitrary<SignatureCase> Signatures() =>
        (from inputs in Gen.Choose(1, 3)
         from outputs in Gen.Choose(1, 3)
         from names in Gen.ArrayOf(Identifier(), inputs + outputs).Where(n => n.Distinct().Count() == n.Length)
         from types in Gen.ArrayOf(Gen.Elements(Types), inputs + outputs)
         select new SignatureCase(Signature.Create(names.Select((n, i) =>
             new Field(n, i < inputs ? FieldDirection.Input : FieldDirection.Output, types[i])))))
        .ToArbitrary();

    public static Arbitrary<ReplyCase> Replies() =>
        (from values in Gen.CollectToArray(Types, ValueOf)
         let fields = Types.Select((t, i) => Field.Output($"out_{i}", type: t))
         let signature = Signature.Create([Field.Input("question"), .. fields])
         select new ReplyCase(signature, Types.Select((_, i) => (Key: $"out_{i}", Value: values[i])).ToDictionary(x => x.Key, x => (object?)x.Value)))
        .ToArbitrary();

    private static Gen<object?> ValueOf(FieldType type) => type.PythonName switch
    {
        "str" => Text().Select(t => (object?)t),
        "int" => Gen.Choose(-100000, 100000).Select(i => (object?)(long)i),
        "float" => from a in Gen.Choose(-10000, 10000) from b in Gen.Choose(1, 997) select (object?)(a / (double)b),
        "bool" => Gen.Elements(true, false).Select(b => (object?)b),
        "list[str]" => Gen.ListOf(Text()).Select(l => (object?)l.ToArray()),
        "list[int]" => Gen.ListOf(Gen.Choose(-50, 50)).Select(l => (object?)l.Select(i => (long)i).ToArray()),
        "dict[str, int]" => from keys in Gen.SubListOf(Words) from v in Gen.Choose(0, 9) select (object?)keys.ToDictionary(k => k, k => (long)(k.Length * v)),
        "Literal['yes', 'no', 'maybe']" => Gen.Elements("yes", "no", "maybe").Select(s => (object?)s),
        _ => Gen.OneOf(Gen.Constant<object?>(null), Text().Select(t => (object?)t)),
    };
}
