using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Dspy.Fluent;

/// <summary>
/// The connectors <see cref="LMSpec"/> knows, keyed by scheme: those registered with <see cref="Register"/> and those
/// found in the application's assemblies marked with <see cref="LMConnectorAttribute"/> (every connector package is),
/// so referencing <c>Dspy.Fluent.OpenAI</c> is enough for <c>openai:gpt-4o-mini</c> to work.
/// </summary>
/// <remarks>
/// Discovery runs once, the first time a scheme is asked for that is not registered: it reads the metadata of the
/// assemblies already loaded and of those next to the application (<see cref="AppContext.BaseDirectory"/>) without
/// loading any that carries no connector. Trimmed or AOT applications, and plug-ins loaded from elsewhere, register
/// their connectors explicitly.
/// </remarks>
/// <example>
/// <code>
/// LMConnectors.Register(new OpenAIConnector());   // optional: found by reference anyway
/// using IChatClient lm = LMSpec.Connect("openai:gpt-4o-mini");
/// </code>
/// </example>
public static class LMConnectors
{
    private static ImmutableDictionary<string, LMConnector> _registered = ImmutableDictionary.Create<string, LMConnector>(StringComparer.OrdinalIgnoreCase);
    private static readonly Lazy<ImmutableDictionary<string, LMConnector>> Discovered = new(Discover);

    /// <summary>Registers <paramref name="connector"/> for its scheme, replacing an earlier registration or a discovered one.</summary>
    /// <param name="connector">The connector.</param>
    /// <example><code>LMConnectors.Register(LMConnector.Create("fake", LMSpecForm.SchemeOnly, (_, _) => fakeClient));</code></example>
    public static void Register(LMConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ImmutableInterlocked.Update(ref _registered, map => map.SetItem(connector.Scheme, connector));
    }

    /// <summary>Every known connector (registered and discovered), by scheme, in scheme order.</summary>
    /// <example><code>foreach (var c in LMConnectors.All) Console.WriteLine(c);</code></example>
    public static IReadOnlyList<LMConnector> All => [.. Discovered.Value.SetItems(_registered).Values.OrderBy(c => c.Scheme, StringComparer.Ordinal)];

    /// <summary>The connector for <paramref name="scheme"/>, or null when none is known.</summary>
    /// <param name="scheme">The scheme, compared case-insensitively.</param>
    /// <returns>The connector, or null.</returns>
    /// <example><code>var openai = LMConnectors.Find("openai");</code></example>
    public static LMConnector? Find(string scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return _registered.TryGetValue(scheme, out var connector) || Discovered.Value.TryGetValue(scheme, out connector) ? connector : null;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Discovery is documented as not for trimmed apps; those register connectors explicitly.")]
    private static ImmutableDictionary<string, LMConnector> Discover()
    {
        var found = ImmutableDictionary.CreateBuilder<string, LMConnector>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || assembly.GetName().Name is not { } name || !seen.Add(name)) continue;
            AddFrom(assembly, found);
        }
        var directory = AppContext.BaseDirectory;
        if (!string.IsNullOrEmpty(directory) && Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.dll"))
            {
                if (seen.Contains(Path.GetFileNameWithoutExtension(file)) || !DeclaresConnector(file)) continue;
                try
                {
                    AddFrom(Assembly.Load(AssemblyName.GetAssemblyName(file)), found);
                }
                catch (Exception e) when (e is IOException or BadImageFormatException or FileLoadException)
                {
                    throw new InvalidOperationException($"'{file}' declares an LM connector but cannot be loaded: {e.Message}", e);
                }
            }
        }
        return found.ToImmutable();
    }

    private static void AddFrom(Assembly assembly, ImmutableDictionary<string, LMConnector>.Builder found)
    {
        foreach (var attribute in assembly.GetCustomAttributes<LMConnectorAttribute>())
        {
            if (!typeof(LMConnector).IsAssignableFrom(attribute.ConnectorType) || Activator.CreateInstance(attribute.ConnectorType) is not LMConnector connector)
                throw new InvalidOperationException(
                    $"{assembly.GetName().Name} declares [assembly: LMConnector(typeof({attribute.ConnectorType.FullName}))], but that type is not an " +
                    "LMConnector with a public parameterless constructor.");
            found[connector.Scheme] = connector;
        }
    }

    /// <summary>Whether the file's assembly carries an <see cref="LMConnectorAttribute"/>, read from metadata without loading it.</summary>
    private static bool DeclaresConnector(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return false;
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly) return false;
            foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
            {
                var constructor = reader.GetCustomAttribute(handle).Constructor;
                if (constructor.Kind != HandleKind.MemberReference) continue;
                var parent = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
                if (parent.Kind != HandleKind.TypeReference) continue;
                var type = reader.GetTypeReference((TypeReferenceHandle)parent);
                if (reader.StringComparer.Equals(type.Name, nameof(LMConnectorAttribute)) && reader.StringComparer.Equals(type.Namespace, "Dspy.Fluent"))
                    return true;
            }
            return false;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return false; // a native library or a locked file next to the app is not a connector
        }
    }
}
