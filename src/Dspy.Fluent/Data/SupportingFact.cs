namespace Dspy.Fluent;

/// <summary>One sentence that a multi-hop answer rests on: the title of its passage and the sentence's position in it.</summary>
/// <remarks>HotPotQA writes these as <c>[title, sent_idx]</c> pairs in <c>supporting_facts</c>; the loaders and the
/// synthetic world both produce this record.</remarks>
/// <param name="Title">The title of the passage (for HotPotQA, the Wikipedia article).</param>
/// <param name="SentenceIndex">The zero-based index of the sentence within that passage.</param>
public sealed record SupportingFact(string Title, int SentenceIndex);
