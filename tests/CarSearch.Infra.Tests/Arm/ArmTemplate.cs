using System.Text.Json.Nodes;

namespace CarSearch.Infra.Tests.Arm;

/// <summary>A compiled ARM template, read as a deployment with given parameters would see it.</summary>
internal sealed class ArmTemplate
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    private readonly ArmScope _root;

    public ArmTemplate(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        _root = ArmScope.Root(template, parameters);
        Resources = Flatten(_root).ToList();
    }

    /// <summary>Every resource the deployment creates, modules' resources included; conditions that are false drop theirs.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The top-level template's parameter declarations (type, default, allowed values).</summary>
    public JsonObject ParameterDeclarations => _root.Template["parameters"]?.AsObject() ?? [];

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The only resource of a type; fails with the types present when there is none or several.</summary>
    public ArmResource Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(
            matches.Count == 1,
            $"Expected one {type}, found {matches.Count}. Types: {string.Join(", ", Resources.Select(r => r.Type).Distinct())}");
        return matches[0];
    }

    private static IEnumerable<ArmResource> Flatten(ArmScope scope)
    {
        var resources = scope.Template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject symbolic => symbolic.Select(p => p.Value!.AsObject()), // languageVersion 2.0 templates
            _ => [],
        };

        foreach (var definition in resources)
        {
            if (definition["existing"]?.GetValue<bool>() == true || !IsDeployed(definition, scope))
            {
                continue;
            }

            var resource = new ArmResource(definition, scope);
            yield return resource;
            if (resource.Type == DeploymentType)
            {
                foreach (var nested in Flatten(scope.Nested(definition["properties"]!.AsObject())))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsDeployed(JsonObject definition, ArmScope scope)
    {
        if (!definition.TryGetPropertyValue("condition", out var condition))
        {
            return true;
        }

        return scope.Resolve(condition)!.GetValue<bool>();
    }
}
