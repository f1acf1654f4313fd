using System.Collections;

namespace Dspy.Fluent;

/// <summary>Reads any program output as named fields, the shape metrics compare against an example's labels.</summary>
public static class Predictions
{
    /// <summary>The field name a bare value (a string, a number, a list) is read as.</summary>
    public const string AnswerField = "answer";

    /// <summary>The fields of a program output.</summary>
    /// <param name="output">What the program returned.</param>
    /// <returns>
    /// <list type="bullet">
    /// <item>a <see cref="Prediction"/>: itself; an <see cref="Example"/>: its fields;</item>
    /// <item>a dictionary with string keys: its entries;</item>
    /// <item>a string, number, bool, enum, date or list: one field, <c>answer</c>;</item>
    /// <item>any other object (a record): its public properties by snake_case name, as <see cref="Example.FromRecord"/> reads them
    /// (so <c>record Answer(string Text)</c> gives a field <c>text</c>; name the property <c>Answer</c> to get <c>answer</c>);</item>
    /// <item>null: no fields.</item>
    /// </list>
    /// </returns>
    public static Prediction FromOutput(object? output) => output switch
    {
        null => Prediction.Empty,
        Prediction p => p,
        FieldValues values => new Prediction(values),
        IEnumerable<KeyValuePair<string, object?>> pairs => new Prediction(pairs),
        IDictionary dictionary => new Prediction(Internal.DictionaryEntries.Of(dictionary)
            .Select(e => new KeyValuePair<string, object?>(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", e.Value))),
        string or bool or char or Enum or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid
            or System.Text.Json.JsonElement or IEnumerable => Single(output),
        _ when output.GetType().IsPrimitive || output is decimal => Single(output),
        _ => new Prediction(Internal.RecordValues.ToExample(output)),
    };

    private static Prediction Single(object value) => Prediction.Empty.With(AnswerField, value);
}
