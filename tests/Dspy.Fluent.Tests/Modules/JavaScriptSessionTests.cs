using System.Text.Json;

namespace Dspy.Fluent.Tests;

public sealed class JavaScriptSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JavaScriptSandboxOptions Limits = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static HostFunction Recording(string name, List<string> calls, object? result) =>
        new(name, (args, _) =>
        {
            calls.Add($"{name}({string.Join(", ", args.Select(a => a.GetRawText()))})");
            return ValueTask.FromResult(result);
        });

    [Fact]
    public async Task Variables_and_functions_persist_from_one_run_to_the_next()
    {
        await using var session = new JavaScriptSandbox(Limits).StartSession([]);

        var first = await session.ExecuteAsync("var total = 2; function twice(n) { return n * 2; }\nprint('set');", Ct);
        var second = await session.ExecuteAsync("total = twice(total) + 17;\ntotal * 2 + 4", Ct);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal("set", first.Output);
        Assert.Null(first.Result);
        Assert.Equal("46", second.Result);
        Assert.Equal("", second.Output); // each run's output is its own
    }

    [Fact]
    public async Task Host_functions_receive_their_arguments_as_JSON_and_return_values_to_the_code()
    {
        var calls = new List<string>();
        var lookup = Recording("lookup", calls, new Dictionary<string, object?> { ["city"] = "Paris", ["population"] = 2_100_000, ["tags"] = new[] { "capital" } });
        var greet = Recording("greet", calls, "hello");
        await using var session = new JavaScriptSandbox(Limits).StartSession([lookup, greet]);

        var run = await session.ExecuteAsync("var r = lookup('France', {year: 2024}, [1, 2], true);\nprint(greet());\n`${r.city} ${r.population / 1e6} ${r.tags[0]}`", Ct);

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(["lookup(\"France\", {\"year\":2024}, [1,2], true)", "greet()"], calls);
        Assert.Equal("hello", run.Output);
        Assert.Equal("Paris 2.1 capital", run.Result);
    }

    [Fact]
    public async Task A_host_function_s_exception_is_an_Error_the_code_can_catch_and_otherwise_the_run_s_error()
    {
        var failing = new HostFunction("search", (_, _) => throw new InvalidOperationException("index is offline"));
        await using var session = new JavaScriptSandbox(Limits).StartSession([failing]);

        var caught = await session.ExecuteAsync("try { search('x') } catch (e) { 'caught: ' + e.message }", Ct);
        var uncaught = await session.ExecuteAsync("var before = 1;\nsearch('x');", Ct);
        var after = await session.ExecuteAsync("before + 1", Ct);

        Assert.Equal("caught: index is offline", caught.Result);
        Assert.Equal(CodeErrorKind.RuntimeError, uncaught.ErrorKind);
        Assert.Equal("Error: index is offline (line 2)", uncaught.Error);
        Assert.Equal("2", after.Result); // the session survives an error, with what ran before it
    }

    [Fact]
    public async Task A_run_over_the_time_limit_is_reported_exactly_and_the_session_goes_on()
    {
        var options = Limits with { Timeout = TimeSpan.FromMilliseconds(300), MaxStatements = int.MaxValue };
        await using var session = new JavaScriptSandbox(options).StartSession([]);

        await session.ExecuteAsync("var kept = 'yes';", Ct);
        var endless = await session.ExecuteAsync("while (true) {}", Ct);
        var next = await session.ExecuteAsync("kept", Ct);

        Assert.Equal(CodeErrorKind.TimeLimit, endless.ErrorKind);
        Assert.Equal("Time limit exceeded: the code ran longer than 0.3 s and was stopped.", endless.Error);
        Assert.Equal("yes", next.Result);
    }

    [Fact]
    public async Task The_statement_limit_applies_to_each_run_afresh()
    {
        await using var session = new JavaScriptSandbox(Limits with { MaxStatements = 1000 }).StartSession([]);

        var small = await session.ExecuteAsync("var i = 0; while (i < 300) i++; i", Ct);
        var again = await session.ExecuteAsync("while (i < 600) i++; i", Ct);
        var endless = await session.ExecuteAsync("for (;;) {}", Ct);

        Assert.Equal("300", small.Result);
        Assert.Equal("600", again.Result); // 600 statements in all, but each run is under 1000
        Assert.Equal(CodeErrorKind.StatementLimit, endless.ErrorKind);
        Assert.Equal("Statement limit exceeded: the code executed more than 1000 statements (an endless loop?) and was stopped.", endless.Error);
    }

    [Fact]
    public async Task SUBMIT_ends_the_run_with_its_arguments_and_a_catch_block_cannot_stop_it()
    {
        await using var session = new JavaScriptSandbox(Limits).StartSession([]);

        var run = await session.ExecuteAsync("var n = 40;\ntry { SUBMIT('Paris', n + 2, {ok: true}); } catch (e) { print('caught'); }\nprint('after');", Ct);

        Assert.True(run.Succeeded, run.Error);
        Assert.NotNull(run.Submitted);
        Assert.Equal(["\"Paris\"", "42", "{\"ok\":true}"], run.Submitted.Select(a => a.GetRawText()));
        Assert.Equal("", run.Output);
        Assert.Null((await session.ExecuteAsync("1", Ct)).Submitted);
    }

    [Fact]
    public async Task Variables_set_by_the_host_arrive_as_strings_or_JSON_values()
    {
        await using var session = new JavaScriptSandbox(Limits).StartSession([]);

        session.SetVariable("context", "line one\nline two");
        session.SetVariable("numbers", new[] { 3, 4 });
        session.SetVariable("record", JsonSerializer.SerializeToElement(new { name = "Ada" }));
        var run = await session.ExecuteAsync("[context.split('\\n').length, numbers[0] * numbers[1], record.name, typeof context].join('|')", Ct);

        Assert.Equal("2|12|Ada|string", run.Result);
    }

    [Fact]
    public async Task Cancelling_inside_a_host_function_throws_and_ends_the_session()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cancel = new HostFunction("stop", (_, token) => { cts.Cancel(); token.ThrowIfCancellationRequested(); return ValueTask.FromResult<object?>(null); });
        var session = new JavaScriptSandbox(Limits).StartSession([cancel]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.ExecuteAsync("stop(); 1", cts.Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.ExecuteAsync("1", Ct));
        await session.DisposeAsync();
    }

    [Fact]
    public void Host_function_names_must_be_distinct_identifiers_other_than_SUBMIT()
    {
        var sandbox = new JavaScriptSandbox(Limits);
        HostFunction F(string name) => new(name, (_, _) => ValueTask.FromResult<object?>(null));

        Assert.Equal("Host function name 'my tool' is not an identifier (letters, digits, _ or $, not starting with a digit); code could not call it. (Parameter 'name')",
            Assert.Throws<ArgumentException>(() => F("my tool")).Message);
        Assert.StartsWith("A host function may not be called 'SUBMIT'", Assert.Throws<ArgumentException>(() => sandbox.StartSession([F("SUBMIT")])).Message);
        Assert.StartsWith("Two host functions are called 'a'", Assert.Throws<ArgumentException>(() => sandbox.StartSession([F("a"), F("a")])).Message);
    }

    [Fact]
    public void The_factory_names_its_language_and_the_rules_the_LM_needs()
    {
        ICodeSessionFactory sandbox = new JavaScriptSandbox();

        Assert.Equal("JavaScript", sandbox.Language);
        Assert.Contains("declare them with `var`", sandbox.ExecutionInstructions);
    }
}
