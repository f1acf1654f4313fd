namespace Dspy.Fluent;

/// <summary>What <see cref="SyntheticWorld.Generate"/> builds: size, seed, question mix and distractors.</summary>
/// <remarks>The same options give the same world, byte for byte in its JSON form (with the same Bogus version).</remarks>
public sealed record SyntheticWorldOptions
{
    /// <summary>The seed of every random choice. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>How many questions to write (each gets its own fresh entities). Default 200; from 1 to <see cref="MaxQuestions"/>.</summary>
    public int Questions { get; init; } = 200;

    /// <summary>The share of questions that are comparisons (the rest are bridge questions), in [0, 1]. Default 0.3.
    /// Ignored when <see cref="Templates"/> allows only one type.</summary>
    public double ComparisonShare { get; init; } = 0.3;

    /// <summary>The share of questions that get targeted distractor passages, in [0, 1]. Default 0.5.</summary>
    public double DistractorShare { get; init; } = 0.5;

    /// <summary>How many distractor passages such a question gets, 0 to 3. Default 2.</summary>
    public int DistractorsPerQuestion { get; init; } = 2;

    /// <summary>The templates to draw questions from, or null for all of them. Within a type, templates are drawn uniformly.</summary>
    public IReadOnlyList<QuestionTemplate>? Templates { get; init; }

    /// <summary>The largest world: 2,000 questions. Every question needs fresh, distinct names, and the name banks are sized for this.</summary>
    public const int MaxQuestions = 2000;

    internal void Validate()
    {
        if (Questions is < 1 or > MaxQuestions)
            throw new ArgumentException($"Questions must be between 1 and {MaxQuestions} (was {Questions}).", nameof(Questions));
        if (double.IsNaN(ComparisonShare) || ComparisonShare is < 0 or > 1)
            throw new ArgumentException($"ComparisonShare must be between 0 and 1 (was {ComparisonShare}).", nameof(ComparisonShare));
        if (double.IsNaN(DistractorShare) || DistractorShare is < 0 or > 1)
            throw new ArgumentException($"DistractorShare must be between 0 and 1 (was {DistractorShare}).", nameof(DistractorShare));
        if (DistractorsPerQuestion is < 0 or > 3)
            throw new ArgumentException($"DistractorsPerQuestion must be between 0 and 3 (was {DistractorsPerQuestion}).", nameof(DistractorsPerQuestion));
        if (Templates is { Count: 0 })
            throw new ArgumentException("Templates must name at least one template; leave it null for all of them.", nameof(Templates));
        foreach (var template in Templates ?? [])
            if (!Enum.IsDefined(template))
                throw new ArgumentException($"Templates holds {(int)template}, which is not a QuestionTemplate.", nameof(Templates));
    }
}
