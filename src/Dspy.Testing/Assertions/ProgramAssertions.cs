using System.Text;
using Dspy.Fluent.Internal;
using Xunit;

namespace Dspy.Fluent;

/// <summary>
/// Assertions that run a program and score it: one example (<c>ShouldPassAsync</c>) or a whole devset
/// (<c>ShouldScoreAtLeastAsync</c>). A failure message shows the inputs, expected answer, prediction, score and
/// feedback, and the exact prompts and replies of the run.
/// </summary>
/// <remarks>Program inputs come from the examples as in <see cref="ProgramInputs.Default{TIn}"/>; for another mapping,
/// compose it in front of the program (<c>Programs.Lift((Example e) =&gt; …).Then(program)</c>).</remarks>
/// <example>
/// <code>
/// [Theory, Devset("data/dev.jsonl")]
/// public Task Each_answer_is_exact(Example example) =&gt;
///     qa.ShouldPassAsync(example, Metrics.ExactMatch, settings, TestContext.Current.CancellationToken);
///
/// [Fact]
/// public Task The_devset_scores_at_least_60_percent() =&gt;
///     qa.ShouldScoreAtLeastAsync(devset, Metrics.ExactMatch, 0.6, settings, TestContext.Current.CancellationToken);
/// </code>
/// </example>
public static class ProgramAssertions
{
    /// <summary>Runs <paramref name="program"/> on <paramref name="example"/> and fails unless <paramref name="metric"/> gives full marks.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The program.</param>
    /// <param name="example">The example with its labels.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="settings">The LM and its settings; null for the ambient ones.</param>
    /// <param name="cancellationToken">Cancels the run (pass <c>TestContext.Current.CancellationToken</c>).</param>
    /// <returns>The scored row, when it passed.</returns>
    /// <exception cref="MetricAssertionException">The score is below 1, or the run or the metric failed.</exception>
    public static Task<ExampleResult> ShouldPassAsync<TIn, TOut>(this Program<TIn, TOut> program, Example example, IMetric metric,
        LMSettings? settings = null, CancellationToken cancellationToken = default) =>
        ShouldPassAsync(program, example, metric, new MetricAssertionOptions { Settings = settings }, cancellationToken);

    /// <summary>Runs <paramref name="program"/> on <paramref name="example"/> and fails unless <paramref name="metric"/> scores at least <see cref="MetricAssertionOptions.MinScore"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The program.</param>
    /// <param name="example">The example with its labels.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="options">Settings and the score needed.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The scored row, when it passed.</returns>
    /// <exception cref="MetricAssertionException">The score is too low, or the run or the metric failed.</exception>
    public static async Task<ExampleResult> ShouldPassAsync<TIn, TOut>(this Program<TIn, TOut> program, Example example, IMetric metric,
        MetricAssertionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(options);
        var evaluation = await Evaluate.RunAsync(program, [example], metric,
            new EvaluateOptions { Concurrency = 1, MaxErrors = null, Settings = options.Settings }, cancellationToken).ConfigureAwait(false);
        var row = evaluation.Rows[0];
        if (row.Failed || row.Score < options.MinScore)
            throw new MetricAssertionException(FailureMessages.ForExample(evaluation, row, options.MinScore, DevsetRowNumbers.Of(example)), evaluation);
        return row;
    }

    /// <summary>Evaluates <paramref name="program"/> on <paramref name="devset"/> and fails when the mean score is below <paramref name="minScore"/>;
    /// the HTML and JSON reports are attached to the test either way.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The program.</param>
    /// <param name="devset">The examples with labels.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="minScore">The mean score needed, in [0, 1] (0.6 = 60%).</param>
    /// <param name="settings">The LM and its settings; null for the ambient ones.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The evaluation, when it passed.</returns>
    /// <exception cref="MetricAssertionException">The score is too low; the message has the summary and the worst examples.</exception>
    public static Task<EvaluationResult> ShouldScoreAtLeastAsync<TIn, TOut>(this Program<TIn, TOut> program, IEnumerable<Example> devset, IMetric metric,
        double minScore, LMSettings? settings = null, CancellationToken cancellationToken = default) =>
        ShouldScoreAtLeastAsync(program, devset, metric, minScore, new ScoreAssertionOptions { Evaluation = new EvaluateOptions { Settings = settings } }, cancellationToken);

    /// <summary>Evaluates <paramref name="program"/> on <paramref name="devset"/> with <paramref name="options"/> and fails when the mean score is below <paramref name="minScore"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The program.</param>
    /// <param name="devset">The examples with labels.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="minScore">The mean score needed, in [0, 1].</param>
    /// <param name="options">Evaluation settings, how many worst examples to show, report attachments.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The evaluation, when it passed.</returns>
    /// <exception cref="MetricAssertionException">The score is too low.</exception>
    /// <exception cref="EvaluationAbortedException">More examples failed than the error budget allows.</exception>
    public static async Task<EvaluationResult> ShouldScoreAtLeastAsync<TIn, TOut>(this Program<TIn, TOut> program, IEnumerable<Example> devset, IMetric metric,
        double minScore, ScoreAssertionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(devset);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(options);
        if (!(minScore is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(minScore), minScore, "The minimum score is a fraction in [0, 1] (0.6 for 60%).");
        var evaluation = await Evaluate.RunAsync(program, devset, metric, options.Evaluation, cancellationToken).ConfigureAwait(false);
        var attached = options.AttachReports ? Attach(evaluation, options.ReportName ?? $"evaluation-{metric.Name}") : [];
        if (evaluation.Score < minScore)
            throw new MetricAssertionException(FailureMessages.ForDevset(evaluation, minScore, options.WorstExamples, attached), evaluation);
        return evaluation;
    }

    private static IReadOnlyList<string> Attach(EvaluationResult evaluation, string name)
    {
        var context = TestContext.Current;
        if (context.Test is null) return [];
        var html = $"{name}.html";
        var json = $"{name}.json";
        context.AddAttachment(html, Encoding.UTF8.GetBytes(HtmlReport.ToHtml(evaluation)), replaceExistingValue: true, mediaType: "text/html");
        context.AddAttachment(json, JsonReport.ToJson(evaluation), replaceExistingValue: true);
        return [html, json];
    }
}
