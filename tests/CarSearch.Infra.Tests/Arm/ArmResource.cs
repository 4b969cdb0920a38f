using System.Text.Json.Nodes;

namespace CarSearch.Infra.Tests.Arm;

/// <summary>A resource of a compiled template (nested deployments flattened), with the scope its expressions use.</summary>
internal sealed record ArmResource(JsonObject Definition, ArmScope Scope)
{
    public string Type => Definition["type"]!.GetValue<string>();

    public string ApiVersion => Definition["apiVersion"]!.GetValue<string>();

    /// <summary>The resource's properties, evaluated; parts only Azure can evaluate keep their expression text.</summary>
    public JsonObject Properties => Scope.ResolvePartially(Definition["properties"])?.AsObject() ?? [];

    /// <summary>The resource's name, evaluated where the template alone decides it.</summary>
    public string Name => Scope.ResolvePartially(Definition["name"])!.GetValue<string>();

    /// <summary>Any top-level member (identity, sku, kind, ...), evaluated like <see cref="Properties"/>.</summary>
    public JsonNode? this[string member] => Scope.ResolvePartially(Definition[member]);

    /// <summary>The raw text of the definition, for checks that look for a construct wherever it appears.</summary>
    public string RawJson => Definition.ToJsonString();
}
