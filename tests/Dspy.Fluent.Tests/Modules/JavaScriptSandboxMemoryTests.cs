using System.Diagnostics;

namespace Dspy.Fluent.Tests;

/// <summary>Allocations built inside one statement (issue 15): JSON.stringify over repeated references, template
/// literals of many large parts, the last statement, print.</summary>
public sealed class JavaScriptSandboxMemoryTests
{
    private static readonly JavaScriptSandboxOptions Limits = new() { Timeout = TimeSpan.FromSeconds(20) };

    internal static readonly string StringifyBomb = "var s='x'.repeat(4e6); JSON.stringify(Array(100).fill(s)).length";
    internal static readonly string TemplateBomb = "var s='x'.repeat(4e6); `" + string.Concat(Enumerable.Repeat("${s}", 40)) + "`.length";

    private static Task<CodeExecutionResult> RunAsync(string code) =>
        new JavaScriptSandbox(Limits).ExecuteAsync(code, TestContext.Current.CancellationToken);

    [Fact]
    public async Task JSON_stringify_over_many_references_to_one_string_stops_at_the_memory_limit()
    {
        var run = await RunAsync(StringifyBomb);

        Assert.Equal(CodeErrorKind.MemoryLimit, run.ErrorKind);
        Assert.Contains("JSON.stringify would build a string of up to", run.Error);
        Assert.InRange(run.AllocatedBytes, 0, 2 * Limits.MemoryLimitBytes);
    }

    [Fact]
    public async Task A_template_literal_of_forty_large_parts_stops_at_the_memory_limit()
    {
        var run = await RunAsync(TemplateBomb);

        Assert.Equal(CodeErrorKind.MemoryLimit, run.ErrorKind);
        Assert.Contains("A template literal would build a string of 160000000 characters", run.Error);
        Assert.InRange(run.AllocatedBytes, 0, 2 * Limits.MemoryLimitBytes);
    }

    [Fact]
    public async Task Sixteen_bombs_at_once_each_stop_at_the_limit_and_the_process_grows_by_less_than_1_GB()
    {
        // Each bomb alone once peaked at 1.2-2.7 GB of RSS; sixteen is an evaluation's default concurrency.
        var sandbox = new JavaScriptSandbox(Limits);
        var bombs = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? StringifyBomb : TemplateBomb).ToList();
        var before = ResetPeakResidentBytes();

        var runs = await Task.WhenAll(bombs.Select(code => sandbox.ExecuteAsync(code, TestContext.Current.CancellationToken)));

        var growth = PeakResidentBytes() - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"peak RSS growth: {growth / 1_000_000} MB");
        Assert.All(runs, run => Assert.Equal(CodeErrorKind.MemoryLimit, run.ErrorKind));
        Assert.InRange(growth, long.MinValue, 1_000_000_000);
    }

    /// <summary>Sets the process's peak RSS to its current RSS where the OS allows (Linux), and returns it.</summary>
    private static long ResetPeakResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            try { File.WriteAllText("/proc/self/clear_refs", "5"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return PeakResidentBytes();
    }

    private static long PeakResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    [Theory]
    [InlineData("JSON.stringify(a, null, '          ')")]
    [InlineData("JSON.stringify({k: Array(100).fill(s)})")]
    [InlineData("JSON.stringify(Array(100).fill(new String(s)))")]
    [InlineData("JSON.stringify(Array(100).fill({v: s}), ['v'])")]
    [InlineData("JSON.stringify(Array(100).fill(1), function (k, v) { return k === '' ? v : s; })")]
    [InlineData("JSON.stringify(Array(100).fill({ toJSON: function () { return s; } }))")]
    [InlineData("JSON.stringify(Object.fromEntries([[s, 1], [s + 'y', 2]]))")]
    [InlineData("print(Array(100).fill(s))")]
    public async Task Every_way_into_JSON_stringify_is_counted(string use)
    {
        var run = await RunAsync($"var s = 'x'.repeat(3e6); var a = []; for (var i = 0; i < 1000; i++) a = [a];\n{use}");

        // Which check stops it first depends on how much the runtime allocated before the stringify (Jint's own between-statement
        // check can fire on the setup line); what must hold is that it stops at the memory limit with little allocated.
        Assert.Equal(CodeErrorKind.MemoryLimit, run.ErrorKind);
        Assert.True(run.Error!.Contains("JSON.stringify would build", StringComparison.Ordinal) ||
                    run.Error.StartsWith($"Memory limit exceeded ({Limits.MemoryLimitBytes} bytes)", StringComparison.Ordinal), run.Error);
        Assert.InRange(run.AllocatedBytes, 0, 2 * Limits.MemoryLimitBytes);
    }

    [Fact]
    public async Task A_result_too_large_to_show_stops_at_the_memory_limit()
    {
        var run = await RunAsync("var s = 'x'.repeat(3e6); Array(100).fill(s)");

        Assert.Equal(CodeErrorKind.MemoryLimit, run.ErrorKind);
        Assert.Contains("JSON.stringify would build", run.Error);
    }

    [Fact]
    public async Task What_the_last_statement_allocates_is_checked_against_the_memory_limit()
    {
        // 3 MB in one final statement, against a 2 MB limit: no statement follows for Jint to check before.
        var sandbox = new JavaScriptSandbox(Limits with { MemoryLimitBytes = 2_000_000 });

        var run = await sandbox.ExecuteAsync("'x'.repeat(1.5e6).length", TestContext.Current.CancellationToken);

        Assert.Equal(CodeErrorKind.MemoryLimit, run.ErrorKind);
        Assert.Contains("by the end of its last statement", run.Error);
    }

    [Fact]
    public async Task Printing_many_large_values_keeps_what_fits_without_building_the_line()
    {
        var run = await RunAsync("var s = 'x'.repeat(4e6); print(" + string.Join(", ", Enumerable.Repeat("s", 40)) + "); 'done'");

        Assert.Equal("done", run.Result);
        Assert.Contains("… (output cut at 16000 characters; 159984040 more were printed)", run.Output);
        Assert.InRange(run.AllocatedBytes, 0, Limits.MemoryLimitBytes);
    }

    [Fact]
    public async Task A_refused_call_is_a_RangeError_the_code_can_catch()
    {
        var run = await RunAsync("var s = 'x'.repeat(4e6); try { `${s}${s}` } catch (e) { e instanceof RangeError }");

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal("true", run.Result);
    }
}
