using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Dspy.Fluent.Packaging.Tests;

/// <summary>Reads an assembly's metadata without loading it.</summary>
internal static class AssemblyReferences
{
    /// <summary>The names of the assemblies <paramref name="path"/> references.</summary>
    public static IReadOnlyList<string> Of(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return [.. reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The full names of the types <paramref name="path"/> defines.</summary>
    public static IReadOnlyList<string> TypesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return [.. reader.TypeDefinitions.Select(h => reader.GetTypeDefinition(h)).Select(t => $"{reader.GetString(t.Namespace)}.{reader.GetString(t.Name)}")];
    }
}
