namespace Dspy.Fluent;

/// <summary>How <see cref="HotPotQA"/> reads HotPotQA files into examples.</summary>
public sealed record HotPotQAOptions
{
    /// <summary>The fields to mark as inputs. Default <c>["question"]</c>.</summary>
    public IReadOnlyList<string> InputKeys { get; init; } = ["question"];

    /// <summary>Keep a <c>context</c> field on each example: its paragraphs as <c>"title | text"</c> strings (the distractor
    /// setting's reading material). Default false, as DSPy's <c>HotPotQA</c> dataset drops it.</summary>
    public bool IncludeContext { get; init; }

    /// <summary>Only rows with one of these levels (<c>"easy"</c>, <c>"medium"</c>, <c>"hard"</c>); null for all. DSPy keeps only <c>"hard"</c>.
    /// Rows of other levels are left out on purpose, not reported as bad.</summary>
    public IReadOnlyList<string>? Levels { get; init; }

    /// <summary>Whether every row must have an <c>answer</c>. Default true; set false for the unlabelled test files.</summary>
    public bool RequireAnswer { get; init; } = true;

    /// <summary>Skip rows that cannot be read instead of throwing; see <see cref="DataLoadOptions.SkipBadRows"/>.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>Called for every skipped row, in file order. Required with <see cref="SkipBadRows"/> when streaming.</summary>
    public Action<BadRow>? OnBadRow { get; init; }

    /// <summary>The name used in messages when reading from a stream. Default <c>"stream"</c>.</summary>
    public string? SourceName { get; init; }

    internal void Validate(bool streaming)
    {
        ArgumentNullException.ThrowIfNull(InputKeys);
        if (streaming && SkipBadRows && OnBadRow is null)
            throw new ArgumentException(
                "SkipBadRows needs OnBadRow when streaming, so that skipped rows are reported; or use HotPotQA.LoadAsync, whose result lists them.",
                nameof(OnBadRow));
    }
}
