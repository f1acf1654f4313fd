namespace Dspy.Fluent.Packaging.Tests;

/// <summary>The core package stays light: heavy dependencies live in their own packages, and the core never names the simulator.</summary>
public sealed class CoreDependencyTests
{
    /// <summary>Each heavy dependency by the start of its assembly names, as a user would see it in their bin folder.</summary>
    public static TheoryData<string> Heavy => new()
    {
        "LLamaSharp", "Lucene", "Jint", "StackExchange.Redis", "Microsoft.Extensions.Caching.StackExchangeRedis", "SQLite",
        "Microsoft.Data.Sqlite", "NeoSmart", "Spectre", "ScottPlot", "SkiaSharp", "Bogus", "OllamaSharp", "OpenAI", "LanguageExt", "ModelContextProtocol",
    };

    private static string CoreDll => Path.Combine(AppContext.BaseDirectory, "Dspy.Fluent.dll");

    [Theory]
    [MemberData(nameof(Heavy))]
    public void The_core_assembly_references_no_heavy_dependency(string prefix)
    {
        var references = AssemblyReferences.Of(CoreDll);

        Assert.DoesNotContain(references, r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Microsoft.Extensions.AI.Abstractions", references); // the list is read, not empty
    }

    [Fact]
    public void No_type_in_the_core_is_named_after_the_simulator()
    {
        var types = AssemblyReferences.TypesOf(CoreDll);

        Assert.Contains("Dspy.Fluent.LMSpec", types);
        Assert.DoesNotContain(types, t => t.Contains("Simulat", StringComparison.Ordinal) || t.Contains("Scripted", StringComparison.Ordinal));
    }
}
