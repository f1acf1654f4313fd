using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Every case of every file in the shared DSPy golden folder (../shared/dspy-golden: vectors DSPy 3.3.1's own adapters
/// and <c>program.save()</c> wrote) is claimed by a named test, and that test passes on it. A claim names a test method
/// with <c>nameof</c>, so a renamed or deleted test breaks the build; a theory's claim holds only for the cases its own
/// data rows name, so a vector added to a file whose test lists cases by hand fails here until someone tests it.
/// The claimed tests are run again here, case by case, for the per-file pass counts this prints.
/// </summary>
public sealed class GoldenCoverageTests
{
    /// <summary>A file (relative to the golden folder) and, for a test that does not take the case as data, the case it checks.</summary>
    private sealed record Claim(string File, string? Case, Type Test, string Method);

    private const string SavedWhole = "(whole file)";

    private static readonly Claim[] Claims =
    [
        new("chat-adapter-format.json", null, typeof(DspyGoldenFormatTests), nameof(DspyGoldenFormatTests.ChatAdapter_messages_match_DSPy_byte_for_byte)),
        new("chat-adapter-parse.json", null, typeof(ChatAdapterParseTests), nameof(ChatAdapterParseTests.Parses_what_DSPy_parses_and_rejects_what_DSPy_rejects)),
        new("json-adapter-format.json", null, typeof(JsonAdapterGoldenTests), nameof(JsonAdapterGoldenTests.Messages_match_DSPy_byte_for_byte)),
        new("json-adapter-parse.json", null, typeof(JsonAdapterGoldenTests), nameof(JsonAdapterGoldenTests.Parses_what_DSPy_parses_and_rejects_what_DSPy_rejects)),
        new("xml-adapter-format.json", null, typeof(XmlAdapterGoldenTests), nameof(XmlAdapterGoldenTests.Messages_match_DSPy_byte_for_byte)),
        new("xml-adapter-parse.json", null, typeof(XmlAdapterGoldenTests), nameof(XmlAdapterGoldenTests.Parses_what_DSPy_parses_and_rejects_what_DSPy_rejects)),
        new("two-step-adapter-format.json", null, typeof(TwoStepAdapterTests), nameof(TwoStepAdapterTests.The_main_prompt_matches_DSPy_byte_for_byte)),
        new("two-step-adapter-format.json", null, typeof(TwoStepAdapterTests), nameof(TwoStepAdapterTests.The_extraction_prompt_matches_DSPy_byte_for_byte)),
        new("chat-adapter-special-types.json", null, typeof(ConversationHistoryTests), nameof(ConversationHistoryTests.The_turns_are_replayed_as_DSPy_replays_them)),
        new("chat-adapter-special-types.json", null, typeof(ImageFieldTests), nameof(ImageFieldTests.Images_become_parts_of_the_user_message_where_DSPy_puts_them)),
        new("chat-adapter-special-types.json", "g_react_first_turn", typeof(SpecialTypesGoldenTests), nameof(SpecialTypesGoldenTests.A_ReAct_agent_sends_DSPy_first_turn_and_extract_prompts_byte_for_byte)),
        new("chat-adapter-special-types.json", "i_react_extract", typeof(SpecialTypesGoldenTests), nameof(SpecialTypesGoldenTests.A_ReAct_agent_sends_DSPy_first_turn_and_extract_prompts_byte_for_byte)),
        new("chat-adapter-special-types.json", null, typeof(SpecialTypesGoldenTests), nameof(SpecialTypesGoldenTests.Record_inputs_demos_and_output_schemas_match_DSPy_byte_for_byte)),
        new("chat-adapter-special-types-parse.json", null, typeof(SpecialTypesGoldenTests), nameof(SpecialTypesGoldenTests.Replies_parse_to_DSPy_values_and_Python_types)),
        new("saved/baleen-compiled.json", SavedWhole, typeof(DspyProgramStateTests), nameof(DspyProgramStateTests.A_compiled_DSPy_Baleen_loads_onto_the_same_program_shape)),
        new("saved/baleen-compiled.json", SavedWhole, typeof(DspyProgramStateTests), nameof(DspyProgramStateTests.An_export_is_DSPy_shaped_and_imports_back_to_the_same_state)),
        new("saved/cot-labeled.json", SavedWhole, typeof(DspyProgramStateTests), nameof(DspyProgramStateTests.A_DSPy_ChainOfThought_state_runs_here_with_its_demos_in_the_prompt)),
        new("saved/cot-labeled.json", SavedWhole, typeof(ProgramStatePersistenceTests), nameof(ProgramStatePersistenceTests.A_DSPy_file_is_recognised_and_pointed_to_the_DSPy_loader)),
    ];

    /// <summary>One run of a claimed test: the method and the data row that names the case (none for a fact).</summary>
    private sealed record Run(MethodInfo Method, object?[] Arguments)
    {
        public string Label => $"{Method.DeclaringType!.Name}.{Method.Name}({string.Join(", ", Arguments)})";
    }

    [Fact]
    public void The_test_copies_are_the_shared_files_byte_for_byte()
    {
        var shared = SharedFolder();
        Assert.SkipWhen(shared is null, "../shared/dspy-golden is not on this machine; the copies in Golden/ stand for it.");

        var differing = SharedFiles(shared!).Where(f => !File.ReadAllBytes(Path.Combine(shared!, f)).AsSpan().SequenceEqual(File.ReadAllBytes(CopyOf(f)))).ToList();

        Assert.True(differing.Count == 0, $"Golden/ copies differ from ../shared/dspy-golden (copy the shared ones over): {string.Join(", ", differing)}");
    }

    [Fact]
    public async Task Every_golden_case_is_claimed_by_a_named_test_that_passes_on_it()
    {
        var folder = SharedFolder();
        var files = folder is null ? CopiedFiles() : SharedFiles(folder);
        var unclaimed = new List<string>();
        var failed = new List<string>();
        var results = new Dictionary<Run, Exception?>(new RunComparer());
        var table = new StringBuilder($"DSPy golden vectors ({folder ?? "the copies in Golden/"}): cases passing / total\n");

        foreach (var file in files)
        {
            var passing = 0;
            var cases = CasesOf(folder is null ? CopyOf(file) : Path.Combine(folder, file));
            foreach (var caseName in cases)
            {
                var runs = RunsFor(file, caseName);
                if (runs.Count == 0) { unclaimed.Add($"{file}: {caseName}"); continue; }
                var ok = true;
                foreach (var run in runs)
                {
                    if (!results.TryGetValue(run, out var error)) results[run] = error = await InvokeAsync(run);
                    if (error is null) continue;
                    ok = false;
                    failed.Add($"{file}: {caseName} in {run.Label}: {error.Message.Split('\n')[0]}");
                }
                if (ok) passing++;
            }
            table.Append($"  {file,-40} {passing,3} / {cases.Count,-3}\n");
        }
        TestContext.Current.TestOutputHelper?.WriteLine(table.ToString());

        Assert.True(unclaimed.Count == 0, "Golden cases no test claims (add a test and a claim in GoldenCoverageTests):\n" + string.Join("\n", unclaimed));
        Assert.True(failed.Count == 0, "Golden cases whose claimed test fails:\n" + string.Join("\n", failed));
    }

    [Fact]
    public void Every_claim_names_a_test_and_cases_that_exist()
    {
        var stale = new List<string>();

        foreach (var claim in Claims)
        {
            var method = claim.Test.GetMethod(claim.Method);
            if (method?.GetCustomAttribute<FactAttribute>() is null) { stale.Add($"{claim.Test.Name}.{claim.Method} is not a test"); continue; }
            var cases = CasesOf(CopyOf(claim.File));
            if (claim.Case is not null && !cases.Contains(claim.Case)) stale.Add($"{claim.File} has no case {claim.Case}");
            if (claim.Case is null && !cases.Any(c => RowsNaming(method, claim.File, c).Any()))
                stale.Add($"{claim.Test.Name}.{claim.Method}'s data names no case of {claim.File}");
        }

        Assert.True(stale.Count == 0, string.Join("\n", stale));
    }

    /// <summary>The claimed test runs for a case: a theory's rows that name it, or a fact that claims it by name.</summary>
    private static List<Run> RunsFor(string file, string caseName)
    {
        var runs = new List<Run>();
        foreach (var claim in Claims.Where(c => c.File == file && (c.Case is null || c.Case == caseName)))
        {
            var method = claim.Test.GetMethod(claim.Method)!;
            if (method.GetCustomAttribute<TheoryAttribute>() is null) runs.Add(new Run(method, []));
            else runs.AddRange(RowsNaming(method, file, caseName).Select(row => new Run(method, row)));
        }
        return runs;
    }

    /// <summary>
    /// A theory's data rows for a case: the rows holding the case name, and, when a row also names its file (an argument
    /// ending in .json), that file. A file named in a row is the copy's name, which for saved/ files drops the folder.
    /// </summary>
    private static IEnumerable<object?[]> RowsNaming(MethodInfo method, string file, string caseName) =>
        method.GetCustomAttributes<MemberDataAttribute>().SelectMany(data => Rows(method, data))
            .Where(row => row.Contains(caseName) &&
                row.OfType<string>().Where(a => a.EndsWith(".json", StringComparison.Ordinal)).All(a => a == Path.GetFileName(file)));

    private static IEnumerable<object?[]> Rows(MethodInfo method, MemberDataAttribute data)
    {
        var source = (data.MemberType ?? method.DeclaringType!).GetMethod(data.MemberName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var row in (System.Collections.IEnumerable)source.Invoke(null, data.Arguments)!)
            yield return row switch
            {
                ITheoryDataRow r => r.GetData(),
                object?[] a => a,
                _ => throw new InvalidOperationException($"{data.MemberName} yields {row.GetType().Name} rows"),
            };
    }

    private static async Task<Exception?> InvokeAsync(Run run)
    {
        try
        {
            var instance = run.Method.IsStatic ? null : Activator.CreateInstance(run.Method.DeclaringType!);
            var result = run.Method.Invoke(instance, run.Arguments);
            if (result is Task task) await task;
            else if (result is ValueTask valueTask) await valueTask;
            return null;
        }
        catch (TargetInvocationException e) { return e.InnerException ?? e; }
        catch (Exception e) { return e; }
    }

    /// <summary>The cases of a golden file: each <c>case</c> of a list of cases; a saved program is one case, the file itself.</summary>
    private static List<string> CasesOf(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.ValueKind == JsonValueKind.Array
            ? [.. doc.RootElement.EnumerateArray().Select(c => c.GetProperty("case").GetString()!)]
            : [SavedWhole];
    }

    // Walks up from the test binaries: the repository is a sibling of shared/ (../shared/dspy-golden from its root).
    private static string? SharedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "dspy-golden");
            if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
        }
        return null;
    }

    private static List<string> SharedFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    /// <summary>Without the shared folder, the copies: the shared top-level files are those of the README's adapters; saved/ is Golden/dspy-saved.</summary>
    private static List<string> CopiedFiles() =>
        [.. Claims.Select(c => c.File).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Where the tests read a shared file: Golden/ for the top-level files, Golden/dspy-saved for saved/.</summary>
    private static string CopyOf(string file) =>
        file.StartsWith("saved/", StringComparison.Ordinal)
            ? Path.Combine(AppContext.BaseDirectory, "Golden", "dspy-saved", file["saved/".Length..])
            : Path.Combine(AppContext.BaseDirectory, "Golden", file);

    private sealed class RunComparer : IEqualityComparer<Run>
    {
        public bool Equals(Run? x, Run? y) => x!.Method == y!.Method && x.Arguments.SequenceEqual(y.Arguments);

        public int GetHashCode(Run obj) => HashCode.Combine(obj.Method, obj.Arguments.Length > 0 ? obj.Arguments[^1] : null);
    }
}
