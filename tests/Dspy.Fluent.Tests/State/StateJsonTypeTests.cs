namespace Dspy.Fluent.Tests;

/// <summary>Saved states with values of the wrong JSON type or out of range: every problem of a file in one exception.</summary>
public sealed class StateJsonTypeTests
{
    [Theory]
    [InlineData("{\"format\": 5, \"version\": 1, \"predictors\": {}}", "format", "the number 5")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": \"1\", \"predictors\": {}}", "version", "the string \"1\"")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"signature\": {\"text\": 7}, \"instructions\": null, \"demos\": []}}}", "predictors.qa.signature.text", "the number 7")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"signature\": {\"text\": \"question -> answer\", \"instructions\": 8}, \"instructions\": null, \"demos\": []}}}", "predictors.qa.signature.instructions", "the number 8")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"signature\": {\"text\": \"question -> answer\", \"descriptions\": {\"answer\": 9}}, \"instructions\": null, \"demos\": []}}}", "predictors.qa.signature.descriptions.answer", "the number 9")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"instructions\": 42, \"demos\": []}}}", "predictors.qa.instructions", "the number 42")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"demos\": [], \"lm\": {\"max_tokens\": 1.5}}}}", "predictors.qa.lm.max_tokens", "the number 1.5")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"demos\": [], \"lm\": {\"max_tokens\": -5}}}}", "predictors.qa.lm.max_tokens", "the number -5")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"demos\": [], \"lm\": {\"temperature\": \"hot\"}}}}", "predictors.qa.lm.temperature", "the string \"hot\"")]
    [InlineData("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"demos\": [3]}}}", "predictors.qa.demos[0]", "the number 3")]
    public void A_value_of_the_wrong_type_or_range_is_a_format_error_naming_path_and_what_was_found(string json, string path, string found)
    {
        var error = Record.Exception(() => ProgramState.FromJson(json));

        var format = Assert.IsType<ProgramStateFormatException>(error);
        var problem = Assert.Single(format.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Equal(found, problem.Found);
        Assert.Contains($"{path}: expected ", format.Message);
    }

    [Fact]
    public void Every_wrong_value_of_a_file_is_listed_in_one_exception()
    {
        var json = "{\"format\": \"dspy-fluent/program-state\", \"version\": \"1\", \"predictors\": {" +
                   "\"qa\": {\"signature\": {\"text\": 7}, \"instructions\": 42, \"demos\": [], \"lm\": {\"temperature\": \"hot\", \"max_tokens\": 1.5}}, " +
                   "\"rerank\": {\"instructions\": null, \"demos\": [], \"lm\": {\"max_tokens\": -5}}}}";

        var error = Assert.Throws<ProgramStateFormatException>(() => ProgramState.FromJson(json));

        Assert.Equal(["version", "predictors.qa.signature.text", "predictors.qa.instructions", "predictors.qa.lm.temperature",
                      "predictors.qa.lm.max_tokens", "predictors.rerank.lm.max_tokens"], error.Problems.Select(p => p.Path));
        Assert.Equal([null, "qa", "qa", "qa", "qa", "rerank"], error.Problems.Select(p => p.Predictor));
        Assert.StartsWith("JSON text has 6 values of the wrong type or out of range:\n  - version: expected the whole number 1; found the string \"1\"\n", error.Message);
        Assert.Contains("  - predictors.qa.lm.max_tokens: expected a whole number from 1 to 2147483647, or null; found the number 1.5\n", error.Message);
        Assert.EndsWith("Recompile the program or restore the file.", error.Message);
    }

    [Fact]
    public void A_DSPy_state_with_wrong_values_lists_them_all_and_applies_nothing()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var json = "{\"qa\": {\"traces\": [], \"train\": [], \"demos\": [3], " +
                   "\"signature\": {\"instructions\": 42, \"fields\": [{\"prefix\": \"Question:\", \"description\": 5}, {\"prefix\": \"Answer:\", \"description\": \"${answer}\"}]}, " +
                   "\"lm\": {\"model\": \"m\", \"temperature\": \"hot\", \"max_tokens\": -5}}}";

        var error = Assert.Throws<ProgramStateFormatException>(() => DspyProgramState.Import(json, qa.Predictors, source: "qa.json"));

        Assert.Equal(["qa.signature.fields[0].description", "qa.signature.instructions", "qa.demos[0]", "qa.lm.temperature", "qa.lm.max_tokens"],
            error.Problems.Select(p => p.Path));
        Assert.StartsWith("qa.json does not fit this program (5 problems):\n  - qa.signature.fields[0].description: expected a string or null; found the number 5\n", error.Message);
        Assert.EndsWith("Nothing was applied.", error.Message);
    }
}
