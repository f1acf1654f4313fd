using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Examples.Agents;

/// <summary>The agent's two tools: a search over the fictional world's encyclopedia (BM25) and a calculator.</summary>
/// <param name="retriever">The index of the world's passages.</param>
public sealed class AgentTools(IRetriever retriever)
{
    /// <summary>Passages returned per search.</summary>
    public const int PassagesPerSearch = 3;

    /// <summary>Both tools as <see cref="AIFunction"/>s, for <see cref="ReAct"/>.</summary>
    public IReadOnlyList<AIFunction> All => [AIFunctionFactory.Create(SearchAsync, "search"), AIFunctionFactory.Create(Calculate, "calculator")];

    /// <summary>Searches the encyclopedia of the fictional world.</summary>
    /// <param name="query">What to look for, e.g. a name and the fact wanted.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    [Description("Searches an encyclopedia of people, organisations, places and works and returns the best-matching passages.")]
    public async Task<IReadOnlyList<string>> SearchAsync([Description("keywords or a name to look up")] string query, CancellationToken cancellationToken = default)
    {
        var passages = await retriever.SearchAsync(query, PassagesPerSearch, cancellationToken).ConfigureAwait(false);
        return passages.Select(p => p.ToString()).ToList();
    }

    /// <summary>Evaluates an arithmetic expression.</summary>
    /// <param name="expression">E.g. <c>(24 * 12) - 150</c>.</param>
    [Description("Evaluates an arithmetic expression of numbers with + - * / and parentheses and returns the number.")]
    public static string Calculate([Description("the arithmetic expression, e.g. (3 + 4) * 2")] string expression) =>
        Calculator.Evaluate(expression).ToString("0.######", CultureInfo.InvariantCulture);
}
