using System.Globalization;
using System.Text;
using Dspy.Fluent.Internal;
using Snapshooter;
using Snapshooter.Exceptions;
using Snapshooter.Xunit3;

namespace Dspy.Fluent;

/// <summary>
/// Renders a program's prompts — every predictor's system message and demos, under its compiled state — as stable
/// text, and checks them against reviewed snapshot files (Snapshooter), so a changed prompt shows up as a diff.
/// </summary>
/// <remarks>
/// <para>Predictors come from the program's declared structure (<c>program.Predictors</c>), in declaration order, each
/// under the state the program applies to it. Inputs appear as <c>{field}</c> placeholders. Nothing time- or
/// machine-dependent is rendered.</para>
/// <para>Snapshooter names the file after the calling test method (<c>__snapshots__/Class.Method.snap</c> next to the test
/// file) and needs that method on the call stack: call <see cref="Match{TIn, TOut}(Program{TIn, TOut}, IAdapter?)"/> from the
/// test body before any <c>await</c>, or pass a name from <see cref="FullName"/>. Folders of builds that map source paths (CI's
/// deterministic <c>/_/</c>) are found in the checkout. With <c>SNAPSHOOTER_STRICT_MODE=on</c>
/// (as in CI) a missing snapshot fails instead of being written.</para>
/// </remarks>
/// <example>
/// <code>
/// [Fact]
/// public void Compiled_prompts_are_reviewed() =&gt; PromptSnapshot.Match(fixture.Program);
/// </code>
/// </example>
public static class PromptSnapshot
{
    /// <summary>The prompts of every predictor of <paramref name="program"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The (compiled) program.</param>
    /// <param name="adapter">The adapter that builds the prompts when a predictor declares none; null for <see cref="ChatAdapter.Default"/>.</param>
    public static IReadOnlyList<PredictorPrompt> Render<TIn, TOut>(Program<TIn, TOut> program, IAdapter? adapter = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        var state = program.State;
        var prompts = new List<PredictorPrompt>();
        foreach (var predictor in program.Predictors)
            prompts.Add(RenderPredictor(predictor, state.Find(predictor.Name), predictor.Config.Adapter ?? adapter ?? ChatAdapter.Default));
        return prompts;
    }

    /// <summary>The prompts as one plain text, e.g. for a review comment or another snapshot tool.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The (compiled) program.</param>
    /// <param name="adapter">The default adapter; null for <see cref="ChatAdapter.Default"/>.</param>
    public static string RenderText<TIn, TOut>(Program<TIn, TOut> program, IAdapter? adapter = null)
    {
        var sb = new StringBuilder();
        foreach (var prompt in Render(program, adapter))
        {
            sb.Append("=== ").Append(prompt.Predictor).Append(" (").Append(prompt.Kind).Append(") ===\n");
            foreach (var line in SnapshotFailure.Lines(prompt)) sb.Append(line).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Checks the prompts against the calling test's snapshot file (created on first run unless strict mode is on).</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The (compiled) program.</param>
    /// <param name="adapter">The default adapter; null for <see cref="ChatAdapter.Default"/>.</param>
    /// <exception cref="PromptSnapshotMismatchException">The prompts differ from the snapshot (the message holds a unified diff per
    /// predictor and the command that accepts the change), or strict mode is on and there is no snapshot.</exception>
    public static void Match<TIn, TOut>(Program<TIn, TOut> program, IAdapter? adapter = null) =>
        MatchResolved(Render(program, adapter), FullName());

    /// <summary>
    /// The calling test's snapshot name (<c>Class.Method</c>) and folder, like <c>Snapshot.FullName()</c>, but with the folder
    /// found in the checkout when a deterministic CI build (<c>ContinuousIntegrationBuild</c>) mapped source paths to <c>/_/</c>.
    /// </summary>
    /// <remarks>Call it from the test body before the first <c>await</c>; pass the result to the named <c>Match</c> overload.</remarks>
    /// <example>
    /// <code>
    /// [Fact]
    /// public async Task Compiled_prompts_are_reviewed()
    /// {
    ///     var name = PromptSnapshot.FullName();
    ///     var compiled = await optimizer.CompileAsync(program, trainset, TestContext.Current.CancellationToken);
    ///     PromptSnapshot.Match(compiled.Program, name);
    /// }
    /// </code>
    /// </example>
    public static SnapshotFullName FullName() => SnapshotFolder.Resolve(Snapshot.FullName());

    /// <summary>Checks the prompts against a named snapshot (for async tests: take the name with <see cref="FullName"/> before the first await).</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="program">The (compiled) program.</param>
    /// <param name="name">The snapshot's name and folder.</param>
    /// <param name="adapter">The default adapter; null for <see cref="ChatAdapter.Default"/>.</param>
    /// <exception cref="PromptSnapshotMismatchException">The prompts differ from the snapshot (the message holds a unified diff per
    /// predictor and the command that accepts the change), or strict mode is on and there is no snapshot.</exception>
    public static void Match<TIn, TOut>(Program<TIn, TOut> program, SnapshotFullName name, IAdapter? adapter = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        MatchResolved(Render(program, adapter), SnapshotFolder.Resolve(name));
    }

    private static void MatchResolved(IReadOnlyList<PredictorPrompt> prompts, SnapshotFullName name)
    {
        try
        {
            Snapshot.Match(prompts, name);
        }
        catch (Exception e) when (e is not PromptSnapshotMismatchException)
        {
            // Snapshooter still writes __snapshots__/__mismatch__/X.snap (what `dspy snapshots accept` moves); only its
            // message, a string position in the JSON, is replaced by something a reviewer can read.
            var file = name.Filename.EndsWith(".snap", StringComparison.Ordinal) ? name.Filename : name.Filename + ".snap";
            // Snapshooter keeps snapshots in __snapshots__ under the name's folder (the test source's folder).
            var snapshot = Path.GetFullPath(Path.Combine(name.FolderPath, "__snapshots__", file));
            var mismatch = Path.GetFullPath(Path.Combine(name.FolderPath, "__snapshots__", "__mismatch__", file));
            var message = e is SnapshotNotFoundException ? SnapshotFailure.ForMissing(snapshot, mismatch)
                : File.Exists(snapshot) ? SnapshotFailure.ForMismatch(snapshot, mismatch, prompts)
                : null;
            if (message is null) throw;
            throw new PromptSnapshotMismatchException(message, snapshot, mismatch);
        }
    }

    private static PredictorPrompt RenderPredictor(IPredictor predictor, PredictorState? state, IAdapter adapter)
    {
        var signature = state?.Instructions is { } instructions ? predictor.Signature.WithInstructions(instructions) : predictor.Signature;
        var placeholders = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in signature.InputFields) placeholders[field.Name] = $"{{{field.Name}}}";
        var messages = adapter.Format(signature, state?.Demos ?? [], placeholders)
            .Select(m => new PromptMessage(m.Role.Value, MediaParts.TextOf(m).Split('\n'))).ToArray();
        return new PredictorPrompt(predictor.Name, predictor.Kind.ToString(), signature.ToString(), state is null ? [] : SettingsOf(state), messages);
    }

    private static string[] SettingsOf(PredictorState state)
    {
        var lines = new List<string>();
        if (state.Model is { } model) lines.Add($"model: {model}");
        if (state.Temperature is { } t) lines.Add(string.Create(CultureInfo.InvariantCulture, $"temperature: {t}"));
        if (state.MaxTokens is { } m) lines.Add(string.Create(CultureInfo.InvariantCulture, $"max tokens: {m}"));
        return [.. lines];
    }
}
