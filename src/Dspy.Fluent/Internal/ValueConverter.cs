using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Converts field values between the shapes they arrive in (parsed replies, JSON files, user records) and the
/// .NET type a caller asks for. Fast paths cover the common cases; anything else round-trips through JSON.
/// </summary>
internal static class ValueConverter
{
    public static object? To(object? value, Type target)
    {
        if (value is null)
        {
            if (!target.IsValueType || Nullable.GetUnderlyingType(target) is not null) return null;
            throw new InvalidCastException($"The value is missing (null) but {target.Name} cannot be null.");
        }
        if (target.IsInstanceOfType(value)) return value;
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        if (underlying.IsInstanceOfType(value)) return value;

        if (underlying == typeof(string))
            return value switch
            {
                JsonElement { ValueKind: JsonValueKind.String } je => je.GetString(),
                JsonElement je => je.GetRawText(),
                bool b => b ? "True" : "False",
                double d => PythonFloat.Format(d),
                Enum e => EnumText.Name(e),
                IConvertible c => c.ToString(CultureInfo.InvariantCulture),
                _ => PythonJson.Serialize(value),
            };
        if (underlying.IsEnum && value is string s)
            return EnumParse(underlying, s);
        if (value is IConvertible && (underlying.IsPrimitive || underlying == typeof(decimal)))
        {
            try { return Convert.ChangeType(value, underlying, CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw new InvalidCastException($"'{value}' is not a valid {underlying.Name}.", e);
            }
        }
        var element = value as JsonElement? ?? DspyJson.SerializeToElement(value, value.GetType());
        try
        {
            return DspyJson.Deserialize(element, target);
        }
        catch (JsonException e)
        {
            throw new InvalidCastException($"The value {Preview(element.GetRawText())} does not fit {Describe(target)}: {e.Message}", e);
        }
    }

    public static object EnumParse(Type enumType, string text)
    {
        var trimmed = text.Trim().Trim('"', '\'');
        foreach (var name in Enum.GetNames(enumType))
        {
            var value = (Enum)Enum.Parse(enumType, name);
            if (string.Equals(EnumText.Name(value), trimmed, StringComparison.Ordinal) || string.Equals(name, trimmed, StringComparison.Ordinal))
                return value;
        }
        foreach (var name in Enum.GetNames(enumType))
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase)) return Enum.Parse(enumType, name);
        throw new InvalidCastException($"'{trimmed}' is not one of {string.Join("; ", Enum.GetNames(enumType).Select(n => EnumText.Name((Enum)Enum.Parse(enumType, n))))}.");
    }

    public static string Describe(Type t)
    {
        if (!t.IsGenericType) return t.Name;
        var name = t.Name[..t.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", t.GetGenericArguments().Select(Describe))}>";
    }

    public static string Preview(string text, int max = 80) =>
        text.Length <= max ? text : text[..max] + "…";

    /// <summary>Structural equality of two field values (lists, dictionaries and JSON compared by content).</summary>
    public static bool ValueEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        if (a is string || b is string) return Equals(Text(a), Text(b));
        if (a.Equals(b)) return true;
        if (a is IEnumerable ea && b is IEnumerable eb && a is not IDictionary && b is not IDictionary)
            return ea.Cast<object?>().SequenceEqual(eb.Cast<object?>(), FieldValueComparer.Instance);
        return PythonJson.Serialize(a) == PythonJson.Serialize(b);
    }

    private static string? Text(object v) => v switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } je => je.GetString(),
        _ => null,
    };

    private sealed class FieldValueComparer : IEqualityComparer<object?>
    {
        public static readonly FieldValueComparer Instance = new();
        public new bool Equals(object? x, object? y) => ValueEquals(x, y);
        public int GetHashCode(object? obj) => 0;
    }
}
