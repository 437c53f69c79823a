using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Router.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which others, read from its metadata: base types, interfaces, field and
/// method signatures, locals, attributes and every type, method and field token in the IL. A nested type
/// (closures, async state machines) counts for the namespace of its outermost type.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<(string From, string To), string> _edges = [];

    private NamespaceGraph()
    {
    }

    /// <summary>Each edge with one example "Type -> Type" that makes it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges => _edges;

    public static NamespaceGraph Read(string assemblyPath, Func<string, bool> include)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var graph = new NamespaceGraph();
        var walker = new TypeUseWalker(reader, pe);
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = NamespaceOf(reader, handle);
            if (!include(from))
            {
                continue;
            }

            foreach (var used in walker.TypesUsedBy(handle))
            {
                var to = NamespaceOf(reader, used);
                if (to != from && include(to))
                {
                    graph._edges.TryAdd((from, to), $"{NameOf(reader, handle)} -> {NameOf(reader, used)}");
                }
            }
        }

        return graph;
    }

    private static string NamespaceOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }

        return reader.GetString(type.Namespace);
    }

    private static string NameOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        return type.IsNested ? $"{NameOf(reader, type.GetDeclaringType())}+{name}" : $"{reader.GetString(type.Namespace)}.{name}";
    }

    /// <summary>Collects the type definitions one type's metadata and IL mention.</summary>
    private sealed class TypeUseWalker(MetadataReader reader, PEReader pe)
    {
        private readonly DefinitionCollector _signatures = new();

        public HashSet<TypeDefinitionHandle> TypesUsedBy(TypeDefinitionHandle handle)
        {
            var used = new HashSet<TypeDefinitionHandle>();
            var type = reader.GetTypeDefinition(handle);
            Add(used, type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Add(used, reader.GetInterfaceImplementation(implementation).Interface);
            }

            AddAttributes(used, type.GetCustomAttributes());
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                used.UnionWith(field.DecodeSignature(_signatures, null));
                AddAttributes(used, field.GetCustomAttributes());
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                AddSignature(used, method.DecodeSignature(_signatures, null));
                AddAttributes(used, method.GetCustomAttributes());
                if (method.RelativeVirtualAddress != 0)
                {
                    AddBody(used, pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }

            return used;
        }

        private void AddBody(HashSet<TypeDefinitionHandle> used, MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
            {
                foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_signatures, null))
                {
                    used.UnionWith(local);
                }
            }

            foreach (var token in IlTokens.Read(body.GetILBytes() ?? []))
            {
                Add(used, MetadataTokens.EntityHandle(token));
            }
        }

        private void AddAttributes(HashSet<TypeDefinitionHandle> used, CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Add(used, reader.GetCustomAttribute(attribute).Constructor);
            }
        }

        private void AddSignature(HashSet<TypeDefinitionHandle> used, MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature)
        {
            used.UnionWith(signature.ReturnType);
            foreach (var parameter in signature.ParameterTypes)
            {
                used.UnionWith(parameter);
            }
        }

        private void Add(HashSet<TypeDefinitionHandle> used, EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    used.UnionWith(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_signatures, null));
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(used, member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        AddSignature(used, member.DecodeMethodSignature(_signatures, null));
                    }
                    else
                    {
                        used.UnionWith(member.DecodeFieldSignature(_signatures, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(used, specification.Method);
                    foreach (var argument in specification.DecodeSignature(_signatures, null))
                    {
                        used.UnionWith(argument);
                    }

                    break;
            }
        }
    }
}
