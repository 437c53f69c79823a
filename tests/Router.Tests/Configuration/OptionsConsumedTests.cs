using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Router.Configuration;
using Router.Tests.Architecture;

namespace Router.Tests.Configuration;

/// <summary>
/// No supported key silently does nothing. The repository-file tests tie docs/configuration.md to the keys the mapper
/// reads; this one ties what the mapper fills to the router: every property of the options records is read by code
/// outside <c>Router.Configuration</c> (found in the IL of the built router), unless it is listed below with what
/// makes it work.
/// </summary>
public sealed class OptionsConsumedTests
{
    // Options that act through configuration itself: a value the validator turns into a start-up refusal, or one
    // that only feeds another option of this namespace.
    private static readonly Dictionary<string, string> ActingInConfiguration = new(StringComparer.Ordinal)
    {
        ["StatusOptions.EnableNonTlsHealthChecks"] = "false is refused at start-up: there is no TLS health listener",
        ["BackendOptions.MaxAttempts"] = "read through EffectiveMaxAttempts",
        ["RouterOptions.DrainTimeout"] = "read through EffectiveDrainTimeout",
    };

    [Fact]
    public void RouterAssembly_EveryOptionProperty_ReadOutsideConfiguration()
    {
        using var stream = File.OpenRead(typeof(RouterOptions).Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var getters = OptionGetters(reader);
        var read = new HashSet<MethodDefinitionHandle>();

        foreach (var typeHandle in reader.TypeDefinitions)
        {
            if (OuterNamespace(reader, typeHandle) == "Router.Configuration")
            {
                continue;
            }

            foreach (var methodHandle in reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? [];
                foreach (var token in IlTokens.Read(il))
                {
                    if (MetadataTokens.EntityHandle(token) is { Kind: HandleKind.MethodDefinition } handle)
                    {
                        read.Add((MethodDefinitionHandle)handle);
                    }
                }
            }
        }

        var unread = getters.Where(g => !read.Contains(g.Getter) && !ActingInConfiguration.ContainsKey(g.Name))
            .Select(g => g.Name).Order(StringComparer.Ordinal).ToList();

        Assert.True(getters.Count > 50, "the options records were not found");
        Assert.Empty(unread);
    }

    [Fact]
    public void ActingInConfiguration_EveryEntry_IsAnOption()
    {
        using var stream = File.OpenRead(typeof(RouterOptions).Assembly.Location);
        using var pe = new PEReader(stream);
        var names = OptionGetters(pe.GetMetadataReader()).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(ActingInConfiguration.Keys, key => Assert.Contains(key, names));
    }

    /// <summary>Getters of the settable properties of the records the mapper fills: types of Router.Configuration named *Options, and NatsConfig.</summary>
    private static List<(string Name, MethodDefinitionHandle Getter)> OptionGetters(MetadataReader reader)
    {
        var getters = new List<(string, MethodDefinitionHandle)>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = reader.GetString(type.Name);
            if (type.IsNested || reader.GetString(type.Namespace) != "Router.Configuration"
                || !(typeName.EndsWith("Options", StringComparison.Ordinal) || typeName == nameof(NatsConfig)))
            {
                continue;
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                var accessors = property.GetAccessors();
                var getter = accessors.Getter;
                var name = reader.GetString(property.Name);

                // Only what the mapper sets (init accessors); computed helpers such as Effective* are not options.
                if (!getter.IsNil && !accessors.Setter.IsNil && name != "EqualityContract")
                {
                    getters.Add(($"{typeName}.{name}", getter));
                }
            }
        }

        return getters;
    }

    private static string OuterNamespace(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }

        return reader.GetString(type.Namespace);
    }
}
