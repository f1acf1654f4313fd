using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The CLR types of <c>list[T]</c>, <c>dict[K, V]</c> and <c>Optional[T]</c> fields. The shapes a string signature can name
/// are written out here so Native AOT has them compiled ahead of time; anything else is built at run time where the
/// runtime can generate code.
/// </summary>
internal static class ClosedGenerics
{
    private static readonly FrozenDictionary<Type, Type> Lists = new Dictionary<Type, Type>
    {
        [typeof(string)] = typeof(IReadOnlyList<string>),
        [typeof(long)] = typeof(IReadOnlyList<long>),
        [typeof(int)] = typeof(IReadOnlyList<int>),
        [typeof(double)] = typeof(IReadOnlyList<double>),
        [typeof(bool)] = typeof(IReadOnlyList<bool>),
        [typeof(object)] = typeof(IReadOnlyList<object?>),
        [typeof(IReadOnlyList<string>)] = typeof(IReadOnlyList<IReadOnlyList<string>>),
        [typeof(IReadOnlyDictionary<string, object?>)] = typeof(IReadOnlyList<IReadOnlyDictionary<string, object?>>),
    }.ToFrozenDictionary();

    // Dictionaries with string keys: JSON objects have them, and the signature parser's dict[str, V] is the common case.
    private static readonly FrozenDictionary<Type, Type> StringKeyedDictionaries = new Dictionary<Type, Type>
    {
        [typeof(string)] = typeof(IReadOnlyDictionary<string, string>),
        [typeof(long)] = typeof(IReadOnlyDictionary<string, long>),
        [typeof(int)] = typeof(IReadOnlyDictionary<string, int>),
        [typeof(double)] = typeof(IReadOnlyDictionary<string, double>),
        [typeof(bool)] = typeof(IReadOnlyDictionary<string, bool>),
        [typeof(object)] = typeof(IReadOnlyDictionary<string, object?>),
        [typeof(IReadOnlyList<string>)] = typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, Type> Nullables = new Dictionary<Type, Type>
    {
        [typeof(long)] = typeof(long?),
        [typeof(int)] = typeof(int?),
        [typeof(double)] = typeof(double?),
        [typeof(float)] = typeof(float?),
        [typeof(decimal)] = typeof(decimal?),
        [typeof(bool)] = typeof(bool?),
    }.ToFrozenDictionary();

    // Each MakeGenericType names its definition so the analyzers see it; RuntimeFeature.IsDynamicCodeSupported guards it.
    public static Type ReadOnlyList(Type element) =>
        Lists.TryGetValue(element, out var t) ? t
        : RuntimeFeature.IsDynamicCodeSupported ? typeof(IReadOnlyList<>).MakeGenericType(element)
        : throw Unsupported("IReadOnlyList", element);

    public static Type ReadOnlyDictionary(Type key, Type value) =>
        key == typeof(string) && StringKeyedDictionaries.TryGetValue(value, out var t) ? t
        : RuntimeFeature.IsDynamicCodeSupported ? typeof(IReadOnlyDictionary<,>).MakeGenericType(key, value)
        : throw Unsupported("IReadOnlyDictionary", key, value);

    public static Type Nullable(Type value) =>
        Nullables.TryGetValue(value, out var t) ? t
        : RuntimeFeature.IsDynamicCodeSupported ? typeof(Nullable<>).MakeGenericType(value)
        : throw Unsupported("Nullable", value);

    private static NotSupportedException Unsupported(string definition, params Type[] arguments) => new(
        $"Dspy.Fluent cannot build the field type {definition}<{string.Join(", ", arguments.Select(ValueConverter.Describe))}> in a Native AOT app: " +
        "only lists, dicts and optionals of str, int, float and bool are compiled ahead of time. Use one of those shapes, or publish with " +
        "ReadyToRun (which keeps the JIT) for signatures over your own types.");
}
