using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Dspy.Fluent;

/// <summary>
/// Binds the configuration section into <see cref="DspyOptions"/> after checking its shape: a key that is no setting (a
/// typo such as <c>Tempreature</c>) and a value that does not convert (<c>"Concurrency": "eight"</c>) are recorded as
/// problems, reported together with the validator's, rather than ignored or thrown one at a time by the binder.
/// </summary>
/// <remarks>Values are quoted only for keys whose type is not text, so no message ever repeats an API key, even one
/// written under a misspelled key.</remarks>
internal sealed class DspyOptionsBinder(Func<IConfiguration?> section, string sectionPath) : IConfigureOptions<DspyOptions>
{
    public void Configure(DspyOptions options)
    {
        if (section() is not { } configuration) return;
        var problems = new List<string>();
        Check(configuration, typeof(DspyOptions), sectionPath, problems);
        options.ConfigurationProblems.AddRange(problems);
        if (problems.Count > 0) return; // binding a section with wrong values would throw on the first and hide the rest
        configuration.Bind(options);
    }

    private static void Check(IConfiguration configuration, Type type, string path, List<string> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        foreach (var child in configuration.GetChildren())
        {
            var key = $"{path}:{child.Key}";
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                problems.Add($"{key} is not a setting; the settings here are: {string.Join(", ", properties.Select(p => p.Name))}.");
                continue;
            }
            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var isScalar = target == typeof(string) || target.IsPrimitive || target == typeof(TimeSpan) || target == typeof(decimal);
            var hasChildren = child.GetChildren().Any();
            if (!isScalar)
            {
                if (child.Value is { Length: > 0 } && !hasChildren) problems.Add($"{key} must be a section with settings, not a value.");
                else Check(child, target, key, problems);
                continue;
            }
            if (hasChildren)
            {
                problems.Add($"{key} must be a value, not a section.");
                continue;
            }
            if (target == typeof(string) || child.Value is null || (child.Value.Length == 0 && target != property.PropertyType)) continue;
            if (!Converts(target, child.Value))
                problems.Add($"{key} is '{child.Value}', which is not {Describe(target)}.");
        }
    }

    private static bool Converts(Type type, string value)
    {
        try
        {
            // The same conversion the configuration binder uses.
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type) =>
        type == typeof(int) ? "a whole number"
        : type == typeof(float) || type == typeof(double) ? "a number (e.g. 0.7)"
        : type == typeof(bool) ? "true or false"
        : type == typeof(TimeSpan) ? "a duration (e.g. 00:00:30 for 30 seconds)"
        : $"a {type.Name.ToLower(CultureInfo.InvariantCulture)}";
}
