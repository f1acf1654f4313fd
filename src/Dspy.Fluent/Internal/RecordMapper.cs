using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Moves values between a record and a field map by prompt name, with compiled accessors because typed
/// predictors do it on every call.
/// </summary>
internal sealed class RecordMapper
{
    private static readonly ConcurrentDictionary<Type, RecordMapper> Cache = new();

    private readonly Type _type;
    private readonly (string Name, Func<object, object?> Get)[] _getters;
    private readonly ConstructorInfo? _ctor;
    private readonly (string Name, Type Type, bool Optional)[] _ctorArgs;
    private readonly Func<object?[], object>? _create;

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    private RecordMapper(Type type)
    {
        _type = type;
        var shape = RecordShape.Of(type);
        _getters = shape.Select(p => (p.Name, CompileGetter(type, p.Property))).ToArray();
        _ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (_ctor is null) { _ctorArgs = []; return; }
        var parameters = _ctor.GetParameters();
        _ctorArgs = parameters.Select(p =>
        {
            var prop = shape.FirstOrDefault(s => string.Equals(s.Property.Name, p.Name, StringComparison.OrdinalIgnoreCase));
            var name = prop?.Name ?? Naming.ToSnakeCase(p.Name!);
            return (name, p.ParameterType, p.HasDefaultValue || prop is { Required: false });
        }).ToArray();
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.New(_ctor, parameters.Select((p, i) =>
            Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        _create = Expression.Lambda<Func<object?[], object>>(Expression.Convert(call, typeof(object)), args).Compile();
    }

    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static RecordMapper For(Type type) => Cache.GetOrAdd(type, t => new RecordMapper(t));

    public IEnumerable<string> FieldNames => _getters.Select(g => g.Name);

    public KeyValuePair<string, object?>[] ToEntries(object record)
    {
        var entries = new KeyValuePair<string, object?>[_getters.Length];
        for (var i = 0; i < _getters.Length; i++)
            entries[i] = new(_getters[i].Name, _getters[i].Get(record));
        return entries;
    }

    /// <summary>Builds the record from named values; <paramref name="lookup"/> returns false for a missing name.</summary>
    public object Create(TryLookup lookup, string context)
    {
        if (_create is null)
            throw new InvalidOperationException($"{_type.Name} has no public constructor; a record used as a signature type needs one (positional records have it).");
        var values = new object?[_ctorArgs.Length];
        for (var i = 0; i < _ctorArgs.Length; i++)
        {
            var (name, type, optional) = _ctorArgs[i];
            if (!lookup(name, out var raw))
            {
                if (optional) { values[i] = type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null; continue; }
                throw new KeyNotFoundException($"{context}: the field '{name}' needed for {_type.Name}.{_ctor!.GetParameters()[i].Name} is missing.");
            }
            try
            {
                values[i] = ValueConverter.To(raw, type);
            }
            catch (InvalidCastException e)
            {
                throw new InvalidCastException($"{context}: the field '{name}' cannot become {ValueConverter.Describe(type)} for {_type.Name}: {e.Message}", e);
            }
        }
        return _create(values);
    }

    public delegate bool TryLookup(string name, out object? value);

    private static Func<object, object?> CompileGetter(Type type, PropertyInfo property)
    {
        var obj = Expression.Parameter(typeof(object), "o");
        var body = Expression.Convert(Expression.Property(Expression.Convert(obj, type), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, obj).Compile();
    }
}
