using System.Reflection;
using Dspy.Fluent.Internal;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Dspy.Fluent;

/// <summary>
/// Theory data from a devset file: each example is one test case with its question as the label. Reads JSON Lines
/// (one object per line) or a JSON array of objects; each object's properties are the example's fields.
/// </summary>
/// <remarks>
/// <para>The path is relative to the test assembly's folder (copy the file to the output with
/// <c>CopyToOutputDirectory</c>), else to the current directory. Inputs are marked from <see cref="Inputs"/>; without it,
/// <c>question</c> when the example has one, else its first field. Labels read <c>#index: question</c>.</para>
/// <para>The file is local and deterministic, so the rows may be enumerated at discovery when the runner asks for it
/// (test explorers do; the command line does with <c>-preEnumerateTheories</c>), giving one entry per example. That needs
/// xunit to serialize <see cref="Example"/>: register <see cref="ExampleSerializer"/> once in the test assembly with
/// <c>[assembly: RegisterXunitSerializer(typeof(ExampleSerializer), typeof(Example))]</c>. Otherwise the rows are
/// enumerated when the theory runs, and each row is still reported as its own test result.</para>
/// <para>An example with a non-empty <c>skip</c> field is a known failure: its row is skipped with that text as the reason.</para>
/// </remarks>
/// <example>
/// <code>
/// [Theory, Devset("data/dev.jsonl", Limit = 50)]
/// public async Task Answers_each_dev_question(Example example) =>
///     await qa.ShouldPassAsync(example, Metrics.ExactMatch, settings, TestContext.Current.CancellationToken);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class DevsetAttribute : DataAttribute
{
    /// <summary>Reads the devset at <paramref name="path"/>.</summary>
    /// <param name="path">A <c>.jsonl</c> or <c>.json</c> file, relative to the test assembly's folder or absolute.</param>
    public DevsetAttribute(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The devset file.</summary>
    public string Path { get; }

    /// <summary>Comma-separated input field names, e.g. <c>"question"</c> or <c>"context, question"</c>; null for the default.</summary>
    public string? Inputs { get; set; }

    /// <summary>Use only the first this-many examples; 0 for all.</summary>
    public int Limit { get; set; }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        var path = Resolve(Path);
        var examples = await DevsetFileReader.ReadAsync(path, TestContext.Current.CancellationToken).ConfigureAwait(false);
        return DevsetRows.Create(examples, Inputs, Limit);
    }

    /// <summary>True: a local file gives the same rows every time.</summary>
    public override bool SupportsDiscoveryEnumeration() => true;

    internal static string Resolve(string path)
    {
        if (System.IO.Path.IsPathRooted(path)) return File.Exists(path) ? path : throw NotFound(path, [path]);
        var candidates = new[] { System.IO.Path.Combine(AppContext.BaseDirectory, path), System.IO.Path.GetFullPath(path) };
        return candidates.FirstOrDefault(File.Exists) ?? throw NotFound(path, candidates);
    }

    private static FileNotFoundException NotFound(string path, IEnumerable<string> tried) =>
        new($"Devset file '{path}' not found; looked at {string.Join(" and ", tried)}. Copy it to the test output " +
            "(<None Include=\"data\\**\" CopyToOutputDirectory=\"PreserveNewest\" />) or give an absolute path.", path);
}
