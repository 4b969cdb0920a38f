using System.Text.Json.Nodes;

namespace CarSearch.Infra.Tests.Arm;

/// <summary>
/// One template's parameters and variables. A nested deployment (a Bicep module) gets its parameter values from the
/// deployment resource in its parent's scope, falling back to its own defaults, as ARM does.
/// </summary>
internal sealed class ArmScope
{
    private readonly JsonObject _template;
    private readonly IReadOnlyDictionary<string, Func<bool, JsonNode?>> _given;

    private ArmScope(JsonObject template, IReadOnlyDictionary<string, Func<bool, JsonNode?>> given)
    {
        _template = template;
        _given = given;
    }

    /// <summary>The top-level scope, with the values a deployment would pass (the others take their defaults).</summary>
    public static ArmScope Root(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters) =>
        new(template, parameters.ToDictionary(p => p.Key, p => (Func<bool, JsonNode?>)(_ => p.Value?.DeepClone()), StringComparer.OrdinalIgnoreCase));

    /// <summary>The scope of a nested deployment declared in this scope.</summary>
    public ArmScope Nested(JsonObject deploymentProperties)
    {
        var template = deploymentProperties["template"]?.AsObject()
            ?? throw new InvalidOperationException("A nested deployment without an inline template.");
        var given = new Dictionary<string, Func<bool, JsonNode?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, parameter) in deploymentProperties["parameters"]?.AsObject() ?? [])
        {
            var value = parameter?["value"];
            given[name] = lenient => Evaluate(value, lenient);
        }

        return new ArmScope(template, given);
    }

    /// <summary>The template this scope evaluates.</summary>
    public JsonObject Template => _template;

    public JsonNode? Parameter(string name, bool lenient)
    {
        if (_given.TryGetValue(name, out var value))
        {
            return value(lenient);
        }

        var declaration = _template["parameters"]?[name]
            ?? throw new InvalidOperationException($"Template has no parameter '{name}'.");
        return declaration.AsObject().TryGetPropertyValue("defaultValue", out var defaultValue)
            ? Evaluate(defaultValue, lenient)
            : throw new UnresolvedExpressionException($"Parameter '{name}' has no value and no default.");
    }

    public JsonNode? Variable(string name, bool lenient) =>
        _template["variables"]?.AsObject().TryGetPropertyValue(name, out var value) == true
            ? Evaluate(value, lenient)
            : throw new InvalidOperationException($"Template has no variable '{name}'.");

    /// <summary>Evaluates a value; throws <see cref="UnresolvedExpressionException"/> where only Azure knows the answer.</summary>
    public JsonNode? Resolve(JsonNode? value) => Evaluate(value, lenient: false);

    /// <summary>
    /// Evaluates what the template alone decides; what only a deployment knows becomes a placeholder naming it
    /// (see <see cref="ArmExpression.Evaluate"/>), or stays expression text where even that cannot be formed.
    /// </summary>
    public JsonNode? ResolvePartially(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject o:
                return new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, ResolvePartially(p.Value))));
            case JsonArray a:
                return new JsonArray(a.Select(ResolvePartially).ToArray());
            case JsonValue v when v.TryGetValue<string>(out var s) && ArmExpression.IsExpression(s):
                try
                {
                    return ArmExpression.Evaluate(s, this, lenient: true);
                }
                catch (UnresolvedExpressionException)
                {
                    return JsonValue.Create(s);
                }

            default:
                return Resolve(value);
        }
    }

    private JsonNode? Evaluate(JsonNode? value, bool lenient) => value switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value, lenient)))),
        JsonArray a => new JsonArray(a.Select(item => Evaluate(item, lenient)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) && ArmExpression.IsExpression(s) => ArmExpression.Evaluate(s, this, lenient),
        JsonValue v when v.TryGetValue<string>(out var s) && s.StartsWith("[[", StringComparison.Ordinal) => JsonValue.Create(s[1..]),
        _ => value?.DeepClone(),
    };
}
