using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using static Dspy.Fluent.Tests.EvaluationFakes;

namespace Dspy.Fluent.Tests;

public sealed class ReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record Passage(string Title, string Text)
    {
        public override string ToString() => $"{Title} | {Text}";
    }

    /// <summary>A chain-of-thought RAG-shaped evaluation with demos, list and record values, failures and feedback.</summary>
    internal static async Task<EvaluationResult> SampleAsync(int count, string provider = "scripted", string? hostile = null)
    {
        var answer = Predict.ChainOfThought("generate_answer", "context: list[str], question -> answer");
        var demos = ProgramState.Empty.With("generate_answer", new PredictorState
        {
            Demos =
            [
                Example.Create("context", new[] { "Lyon | Lyon is a city in France on the Rhône." }).With("question", "Which river runs through Lyon?")
                    .With("reasoning", "The passage says Lyon is on the Rhône.").With("answer", "Rhône").WithInputs("context", "question"),
                Example.Create("context", new[] { "Ada Lovelace | Ada Lovelace was born in London in 1815." }).With("question", "Where was Ada Lovelace born?")
                    .With("reasoning", "The passage names London.").With("answer", "London").WithInputs("context", "question"),
            ],
        });
        var program = Programs.Input<Example>()
            .Bind(e => answer.Call(Example.Create("context", new[] { $"Entity {e.GetText("question")} | {e.GetText("question")} lives in Town {e.GetText("question")}." })
                .With("question", $"Where does {e.GetText("question")} live?")))
            .WithState(demos);
        var lm = ScriptedChatClient.Answering(messages =>
        {
            var q = ScriptedChatClient.InputOf(messages, "question") ?? "";
            if (q.Contains("q7", StringComparison.Ordinal)) throw new InvalidOperationException("rate limited <429>");
            var who = q.Replace("Where does ", "").Replace(" live?", "");
            var reply = Number(who) % 3 == 0 ? $"Town {who}" : hostile ?? $"Town of {who}";
            return new Dictionary<string, object?> { ["reasoning"] = $"The passage says {who} lives in Town {who}.", ["answer"] = reply };
        });
        var devset = Enumerable.Range(0, count).Select(i => Example.Create("question", $"q{i}").With("answer", new[] { $"Town q{i}", $"q{i} town" })
            .With("supporting_titles", new[] { $"Entity q{i}" }).With("hops", 2).With("weight", 0.5).With("source", new Passage($"Entity q{i}", "seed")).WithInputs("question")).ToArray();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 1, 9, 30, 0, TimeSpan.Zero));
        return await Evaluate.RunAsync(program, devset, Metrics.ExactMatchOrF1(0.9), new EvaluateOptions
        {
            MaxErrors = null, Title = "rag <demo>", TimeProvider = clock,
            Settings = new LMSettings { Client = new ReportingClient(lm, provider, "model-x") },
        }, Ct);
    }

    [Fact]
    public async Task A_JSON_report_read_back_equals_the_result_written()
    {
        var result = await SampleAsync(12);

        var again = JsonReport.FromJson(JsonReport.ToJson(result));

        Assert.Equal(result, again);
        Assert.Equal(result.Rows[7].Error, again.Rows[7].Error);
        Assert.Equal(["Town q3", "q3 town"], again.Rows[3].Example.Get<string[]>("answer"));
        Assert.Equal("Entity q3 | seed", again.Rows[3].Example.Get<Passage>("source").ToString());
    }

    [Fact]
    public async Task A_JSON_report_file_round_trips_and_stores_each_repeated_prompt_text_once()
    {
        var result = await SampleAsync(12);
        var path = Path.Combine(Path.GetTempPath(), $"dspy-eval-{Guid.NewGuid():N}.json");
        try
        {
            await JsonReport.WriteAsync(result, path, Ct);
            var again = await JsonReport.ReadAsync(path, Ct);
            var text = await File.ReadAllTextAsync(path, Ct);

            Assert.Equal(result, again);
            var system = result.Rows[0].Calls[0].Messages[0].Text;
            Assert.Equal(1, HeadlessChromium.Occurrences(text, System.Text.Json.JsonSerializer.Serialize(system, new System.Text.Json.JsonSerializerOptions
            { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reading_something_that_is_not_a_report_says_what_is_wrong()
    {
        var error = Assert.Throws<FormatException>(() => JsonReport.FromJson("""{"rows": []}"""));

        Assert.Contains("expected \"format\": \"dspy-fluent-evaluation/1\"", error.Message);
    }

    [Fact]
    public async Task The_HTML_report_is_self_contained_escapes_every_text_and_has_summary_histogram_and_rows()
    {
        var result = await SampleAsync(12, hostile: "<script>alert('x')</script> & \"more\"");

        var html = HtmlReport.ToHtml(result);

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;", html);
        Assert.Contains("<title>rag &lt;demo&gt;: exact_match_or_f1@0.9</title>", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("<section id=\"summary\" class=\"summary\">", html);
        Assert.Contains("<svg", html);
        Assert.Equal(12, HeadlessChromium.Occurrences(html, "<tr class=\"row"));
        Assert.Equal(2, HeadlessChromium.Occurrences(html, "<script")); // the data block and the script; no other
    }

    [Fact]
    public async Task Every_report_says_so_when_the_LM_was_simulated()
    {
        var result = await SampleAsync(3, provider: "simulated");
        var console = new StringWriter();

        var html = HtmlReport.ToHtml(result);
        var json = JsonReport.ToJson(result);
        ConsoleReport.Write(result, PlainConsole(console));

        Assert.Contains("class=\"lm stand-in\">LM: simulated, model model-x (a deterministic offline stand-in", html);
        Assert.Contains("\"stand_in\":\"a deterministic offline stand-in, not a language model", json);
        Assert.True(JsonReport.FromJson(json).LM.IsStandIn); // read back, the report still says so
        Assert.Contains("LM: simulated, model model-x", console.ToString());
        Assert.Contains("LM: simulated", result.Summary());
    }

    [Fact]
    public async Task The_console_report_shows_the_score_and_the_worst_rows_when_there_are_many()
    {
        var result = await SampleAsync(30);
        var console = new StringWriter();

        ConsoleReport.Write(result, PlainConsole(console), maxRows: 5);

        var text = console.ToString();
        Assert.Contains($"{result.Percent:0.##}% over 30 examples, 1 failed", text);
        Assert.Contains("the 5 worst of 30 rows", text);
        Assert.Contains("rate limited <429>", text);
        Assert.Contains("│ Town q1 | q1 town │", text);
    }

    [Fact]
    public async Task The_progress_bar_runs_the_evaluation_and_returns_its_result()
    {
        var console = new StringWriter();

        var result = await EvaluationProgressBar.RunAsync(progress => Evaluate.RunAsync(Qa, Devset(5), Metrics.ExactMatch,
            new EvaluateOptions { Progress = progress, Settings = new LMSettings { Client = EchoLM() } }, Ct), PlainConsole(console));

        Assert.Equal(5, result.Rows.Count);
    }

    [Fact]
    public async Task A_thousand_example_report_stays_small()
    {
        var result = await SampleAsync(1000);

        var json = System.Text.Encoding.UTF8.GetByteCount(JsonReport.ToJson(result));
        var html = System.Text.Encoding.UTF8.GetByteCount(HtmlReport.ToHtml(result));

        TestContext.Current.TestOutputHelper?.WriteLine($"1,000 examples (chain of thought, 2 demos, 1 call each): JSON {json:N0} bytes, HTML {html:N0} bytes");
        Assert.InRange(json, 100_000, 2_000_000);
        Assert.InRange(html, 100_000, 2_000_000);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_HTML_report_renders_in_headless_Chromium_without_console_errors()
    {
        var browser = HeadlessChromium.Find();
        if (browser is null) Assert.Skip("No Chromium on PATH (.ci/run installs chromium-headless-shell with apt-get).");
        var result = await SampleAsync(12, hostile: "<b>bold</b>");
        var folder = Directory.CreateTempSubdirectory("dspy-html-");
        try
        {
            var path = Path.Combine(folder.FullName, "report.html");
            await HtmlReport.WriteAsync(result, path, TestContext.Current.CancellationToken);

            var (dom, log) = await HeadlessChromium.DumpDomAsync(browser!, new Uri(path).AbsoluteUri + "#row-2", folder.FullName, Ct);

            Assert.Contains("data-ready=\"1\"", dom);
            Assert.Contains("<section id=\"summary\" class=\"summary\">", dom);
            Assert.Equal(12, HeadlessChromium.Occurrences(dom, "<tr class=\"row"));
            Assert.Contains("<tr class=\"detail\">", dom); // #row-2 opened its prompts
            Assert.Contains("[[ ## question ## ]]\nWhere does q2 live?", System.Net.WebUtility.HtmlDecode(dom));
            Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", dom);
            Assert.DoesNotContain("Uncaught", log);
            Assert.DoesNotContain(":CONSOLE(", log);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 240;
        return console;
    }
}
