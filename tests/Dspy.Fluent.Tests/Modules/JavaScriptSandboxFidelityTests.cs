using Jint;

namespace Dspy.Fluent.Tests;

/// <summary>The sandbox's JSON.stringify guard and template-literal tag give what plain Jint gives, within the limits.</summary>
public sealed class JavaScriptSandboxFidelityTests
{
    private static async Task<string?> SandboxAsync(string expression)
    {
        var run = await new JavaScriptSandbox().ExecuteAsync(Wrap(expression), TestContext.Current.CancellationToken);
        Assert.True(run.Succeeded, run.Error);
        return run.Result;
    }

    private static string Plain(string expression)
    {
        using var engine = new Engine();
        return engine.Evaluate(Wrap(expression)).ToString();
    }

    // Errors become their name, so both sides give a string to compare.
    private static string Wrap(string expression) =>
        $"(function () {{ try {{ return String({expression}); }} catch (e) {{ return 'threw ' + e.name; }} }})()";

    [Theory]
    [InlineData("JSON.stringify({a: 1, b: [1, 'x', null, true, undefined, function () {}, Symbol('s')], c: undefined, d: -0, e: NaN, f: Infinity})")]
    [InlineData("JSON.stringify({a: {b: {c: [[], {}, [{}]]}}}, null, 2)")]
    [InlineData("JSON.stringify([1, [2, {x: 3}]], null, '--->')")]
    [InlineData("JSON.stringify({a: [1, {b: 2}]}, null, 'abcdefghijklmnop')")]
    [InlineData("JSON.stringify({a: [1]}, null, new Number(3))")]
    [InlineData("JSON.stringify({a: [1]}, null, new String('\\t'))")]
    [InlineData("JSON.stringify({a: [1]}, null, 20)")]
    [InlineData("JSON.stringify({a: [1]}, null, -1)")]
    [InlineData("JSON.stringify([new Number(4), new String('s'), new Boolean(false), Object(Symbol())])")]
    [InlineData("JSON.stringify({d: new Date(0), t: {toJSON: function (k) { return 'key:' + k; }}})")]
    [InlineData("JSON.stringify({a: 1, b: {a: 2, c: 3}, c: 4}, ['c', 'a', 'c', 1, new String('b')])")]
    [InlineData("JSON.stringify(Object.create({inherited: 1}, {own: {value: 2, enumerable: true}}), ['inherited', 'own', 'missing'])")]
    [InlineData("JSON.stringify({b: 1, 2: 'two', 1: 'one'}, ['b', '2', '1'])")]
    [InlineData("JSON.stringify([{a: 1, b: 2}], ['b'])")]
    [InlineData("JSON.stringify({a: 1, b: 'x', c: [1, 2]}, function (k, v) { return typeof v === 'number' ? v * 10 : v; })")]
    [InlineData("JSON.stringify({a: 1, b: 2}, function (k, v) { return k === 'a' ? undefined : v; })")]
    [InlineData("JSON.stringify({a: {b: 1}}, function (k, v) { return k === '' ? v : (this === undefined ? 'none' : Object.keys(this).join('+') + ':' + JSON.stringify(v)); })")]
    [InlineData("JSON.stringify(1, function (k, v) { return k === '' ? {wrapped: v, list: [v, new String('boxed')]} : v; })")]
    [InlineData("JSON.stringify('\\u0001\\u001f\"\\\\\\ud800\\udc00\\ud800 end')")]
    [InlineData("JSON.stringify(('\\u0001\"x\\ud83d\\ude00' + 'y'.repeat(70000)).repeat(3)).length")]
    [InlineData("JSON.stringify('\\ud800'.repeat(5000)).length")]
    [InlineData("(function () { var a = [1]; a.push(a); return JSON.stringify(a); })()")]
    [InlineData("JSON.stringify({n: 1n})")]
    [InlineData("JSON.stringify(new Proxy({x: 1, y: [2]}, {}))")]
    [InlineData("JSON.stringify(new Proxy([1, 2], {}))")]
    [InlineData("JSON.stringify(undefined)")]
    [InlineData("JSON.stringify(function () {})")]
    [InlineData("JSON.stringify(Array(3).fill(new Array(1000).fill('abc')), null, 1).length")]
    [InlineData("JSON.stringify.name + JSON.stringify.length")]
    public async Task JSON_stringify_gives_what_the_engine_gives(string expression)
    {
        var expected = Plain(expression);

        var actual = await SandboxAsync(expression);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("`plain`")]
    [InlineData("`a${1}b${'two'}c${null}${undefined}${[1, [2, 3]]}${{}}`")]
    [InlineData("`outer ${`inner ${`innermost ${1 + 1}`}`} end`")]
    [InlineData("`${{toString: function () { return 'T'; }, valueOf: function () { return 'V'; }}}`")]
    [InlineData("`${new Date(0).getTime()}`")]
    [InlineData("`${Symbol('s')}`")]
    [InlineData("String.raw`a\\n${1}b` + (function (s, x) { return s.raw.join('|') + x; })`p\\t${2}q`")]
    [InlineData("(function () { return`returned ${1}`; })()")]
    [InlineData("(() =>`arrow ${typeof`x`}`)()")]
    [InlineData("[1, 2].map(x => `#${x}`).join()")]
    [InlineData("(function () { var n = 0; var s = `${n++}${n++}${n++}`; return s + n; })()")]
    [InlineData("`line one\nline ${'two'}\r\nthree`.split('\\n').length")]
    [InlineData("`\\u{1F600}\\x41\\``")]
    [InlineData("(function () { class A { m() { return `m${1}`; } static s = `s${2}`; } return new A().m() + A.s; })()")]
    [InlineData("(function () { var o = {[`k${1}`]: `v${2}`}; return JSON.stringify(o); })()")]
    public async Task Template_literals_give_what_the_engine_gives(string expression)
    {
        var expected = Plain(expression);

        var actual = await SandboxAsync(expression);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task An_error_after_a_template_literal_names_the_line_it_is_on()
    {
        var run = await new JavaScriptSandbox().ExecuteAsync("var a = `x${1}`;\nvar b = `y`;\nmissing(a + b)", TestContext.Current.CancellationToken);

        Assert.Equal("ReferenceError: missing is not defined (line 3)", run.Error);
    }

    [Fact]
    public async Task The_template_tag_cannot_be_replaced_by_the_code()
    {
        var run = await new JavaScriptSandbox().ExecuteAsync(
            "globalThis['$dspy$template'] = function () { return 'hijacked'; }; delete globalThis['$dspy$template']; var s = 'x'.repeat(4e6); `${s}${s}`.length",
            TestContext.Current.CancellationToken);

        Assert.Equal(CodeErrorKind.MemoryLimit, run.ErrorKind);
    }
}
