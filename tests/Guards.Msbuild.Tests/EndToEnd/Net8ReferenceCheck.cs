using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>
/// Checks a folder of assemblies against the reference assemblies of .NET 8 and of the .NET 8.0.100
/// SDK's MSBuild (17.8), without running them: every assembly reference resolves (to the folder, to
/// MSBuild or to .NET 8, at a version they have), every type referenced exists there (following
/// type forwarders), and every member referenced exists on its type or a base type with the same
/// name, generic arity and parameter count. What it cannot see: behaviour that differs between
/// runtimes, members reached by reflection, and native libraries.
/// </summary>
internal sealed class Net8ReferenceCheck : IDisposable
{
    private readonly Dictionary<string, Library> _libraries = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _problems = [];

    private sealed record Library(string Path, Version Version, MetadataReader Reader, PEReader Pe, string Origin)
    {
        public Dictionary<string, TypeDefinitionHandle> Types { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Forwarded { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The references a net8.0 build compiled against: the targeting pack and MSBuild 17.8 of the task project's restore.</summary>
    public static (string NetCoreRef, string[] MsbuildRefs) ReferenceFolders(string repoRoot)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, "src", "Guards.Msbuild", "obj", "project.assets.json")));
        var packages = assets.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
        var framework = assets.RootElement.GetProperty("project").GetProperty("frameworks").GetProperty("net8.0");
        var targetingPack = framework.GetProperty("downloadDependencies").EnumerateArray()
            .Single(d => d.GetProperty("name").GetString() == "Microsoft.NETCore.App.Ref").GetProperty("version").GetString()!.Trim('[', ']').Split(',')[0].Trim();
        var netCoreRef = Path.Combine(packages, "microsoft.netcore.app.ref", targetingPack, "ref", "net8.0");
        var msbuild = assets.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Name.StartsWith("Microsoft.Build.", StringComparison.Ordinal))
            .Select(l => Path.Combine(packages, l.Value.GetProperty("path").GetString()!, "ref", "net8.0"))
            .ToArray();
        return (netCoreRef, msbuild);
    }

    public Net8ReferenceCheck(string netCoreRef, IEnumerable<string> msbuildRefs, string taskFolder)
    {
        foreach (var path in Directory.EnumerateFiles(netCoreRef, "*.dll")) Add(path, ".NET 8");
        foreach (var folder in msbuildRefs)
            foreach (var path in Directory.EnumerateFiles(folder, "*.dll")) Add(path, "MSBuild 17.8");
        foreach (var path in Directory.EnumerateFiles(taskFolder, "*.dll")) Add(path, "the task folder");
    }

    private void Add(string path, string origin)
    {
        var pe = new PEReader(File.OpenRead(path));
        if (!pe.HasMetadata) { pe.Dispose(); return; }
        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly) { pe.Dispose(); return; }
        var definition = reader.GetAssemblyDefinition();
        var library = new Library(path, definition.Version, reader, pe, origin);
        foreach (var handle in reader.TypeDefinitions) library.Types[FullName(reader, handle)] = handle;
        foreach (var handle in reader.ExportedTypes)
        {
            var exported = reader.GetExportedType(handle);
            if (exported.Implementation.Kind == HandleKind.AssemblyReference)
            {
                var name = reader.GetString(exported.Namespace) is { Length: > 0 } ns ? ns + "." + reader.GetString(exported.Name) : reader.GetString(exported.Name);
                library.Forwarded[name] = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation).Name);
            }
        }
        _libraries[reader.GetString(definition.Name)] = library;
    }

    public void Dispose()
    {
        foreach (var library in _libraries.Values) library.Pe.Dispose();
    }

    /// <summary>The problems of every assembly of <paramref name="taskFolder"/>, one line each; empty when all resolve.</summary>
    public IReadOnlyList<string> Check(string taskFolder)
    {
        foreach (var path in Directory.EnumerateFiles(taskFolder, "*.dll").Order(StringComparer.Ordinal))
        {
            var library = _libraries.Values.Single(l => l.Path == path);
            CheckAssembly(Path.GetFileName(path), library.Reader);
        }
        return _problems;
    }

    private void CheckAssembly(string file, MetadataReader reader)
    {
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            var name = reader.GetString(reference.Name);
            if (!_libraries.TryGetValue(name, out var target)) _problems.Add($"{file}: references {name} {reference.Version}, which neither .NET 8, MSBuild 17.8 nor the task folder has");
            else if (target.Version < reference.Version) _problems.Add($"{file}: references {name} {reference.Version}, {target.Origin} has {target.Version}");
        }
        foreach (var handle in reader.TypeReferences)
        {
            if (ResolveType(reader, handle) is null && ScopeLibrary(reader, handle) is { } scope)
                _problems.Add($"{file}: uses {TypeReferenceName(reader, handle)}, which {scope.Origin} does not define");
        }
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            var parent = member.Parent.Kind switch
            {
                HandleKind.TypeReference => (TypeReferenceHandle?)(TypeReferenceHandle)member.Parent,
                HandleKind.TypeSpecification => GenericTypeOf(reader, (TypeSpecificationHandle)member.Parent),
                _ => null,
            };
            if (parent is not { } typeReference || ResolveType(reader, typeReference) is not { } type) continue;
            var name = reader.GetString(member.Name);
            var shape = Shape(reader.GetBlobReader(member.Signature));
            if (!HasMember(type.Library, type.Handle, name, shape))
                _problems.Add($"{file}: uses {TypeReferenceName(reader, typeReference)}.{name} ({shape}), which {type.Library.Origin} does not have");
        }
    }

    /// <summary>The definition a type reference names, or null (also for references into an assembly nobody has: reported once, as an assembly).</summary>
    private (Library Library, TypeDefinitionHandle Handle)? ResolveType(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            if (ResolveType(reader, (TypeReferenceHandle)reference.ResolutionScope) is not { } outer) return null;
            var nested = outer.Library.Reader.GetTypeDefinition(outer.Handle).GetNestedTypes()
                .Where(n => outer.Library.Reader.GetString(outer.Library.Reader.GetTypeDefinition(n).Name) == reader.GetString(reference.Name)).ToList();
            return nested.Count == 1 ? (outer.Library, nested[0]) : null;
        }
        return ScopeLibrary(reader, handle) is { } library ? Find(library, TypeReferenceName(reader, handle), 0) : null;
    }

    private (Library, TypeDefinitionHandle)? Find(Library library, string fullName, int depth)
    {
        if (library.Types.TryGetValue(fullName, out var definition)) return (library, definition);
        if (depth < 8 && library.Forwarded.TryGetValue(fullName, out var target) && _libraries.TryGetValue(target, out var next)) return Find(next, fullName, depth + 1);
        return null;
    }

    private Library? ScopeLibrary(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference) scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        return scope.Kind == HandleKind.AssemblyReference
            && _libraries.TryGetValue(reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), out var library) ? library : null;
    }

    private static TypeReferenceHandle? GenericTypeOf(MetadataReader reader, TypeSpecificationHandle handle)
    {
        var blob = reader.GetBlobReader(reader.GetTypeSpecification(handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
        blob.ReadSignatureTypeCode();
        var type = blob.ReadTypeHandle();
        return type.Kind == HandleKind.TypeReference ? (TypeReferenceHandle)type : null;
    }

    /// <summary>A member's shape: "field", or "method`generic-arity(parameter-count)".</summary>
    private static string Shape(BlobReader signature)
    {
        var header = signature.ReadSignatureHeader();
        if (header.Kind == SignatureKind.Field) return "field";
        var generic = header.IsGeneric ? signature.ReadCompressedInteger() : 0;
        return $"method`{generic}({signature.ReadCompressedInteger()})";
    }

    private bool HasMember(Library library, TypeDefinitionHandle handle, string name, string shape)
    {
        for (var depth = 0; depth < 32; depth++)
        {
            var reader = library.Reader;
            var type = reader.GetTypeDefinition(handle);
            if (shape == "field"
                ? type.GetFields().Any(f => reader.GetString(reader.GetFieldDefinition(f).Name) == name)
                : type.GetMethods().Any(m => reader.GetString(reader.GetMethodDefinition(m).Name) == name && Shape(reader.GetBlobReader(reader.GetMethodDefinition(m).Signature)) == shape))
                return true;
            if (type.BaseType.IsNil) return false;
            switch (type.BaseType.Kind)
            {
                case HandleKind.TypeDefinition:
                    handle = (TypeDefinitionHandle)type.BaseType;
                    continue;
                case HandleKind.TypeReference when ResolveType(reader, (TypeReferenceHandle)type.BaseType) is { } baseType:
                    (library, handle) = baseType;
                    continue;
                case HandleKind.TypeSpecification when GenericTypeOf(reader, (TypeSpecificationHandle)type.BaseType) is { } generic && ResolveType(reader, generic) is { } baseType:
                    (library, handle) = baseType;
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }

    private static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } outer) return FullName(reader, outer) + "+" + name;
        return reader.GetString(type.Namespace) is { Length: > 0 } ns ? ns + "." + name : name;
    }

    private static string TypeReferenceName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference) return TypeReferenceName(reader, (TypeReferenceHandle)reference.ResolutionScope) + "+" + name;
        return reader.GetString(reference.Namespace) is { Length: > 0 } ns ? ns + "." + name : name;
    }
}
