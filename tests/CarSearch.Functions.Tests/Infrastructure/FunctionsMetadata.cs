using System.Text.Json;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>One binding of a function as functions.metadata declares it to the host.</summary>
public sealed record FunctionBinding(string Function, string Type, JsonElement Json)
{
    public string? this[string property] =>
        Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// The functions.metadata the Functions SDK wrote for the app (copied beside the tests by their project file): what
/// the host indexes, so names, triggers, routes and auth levels are checked as they ship.
/// </summary>
public static class FunctionsMetadata
{
    private static readonly Lazy<IReadOnlyList<FunctionBinding>> Bindings = new(Load);

    public static IReadOnlyList<FunctionBinding> All => Bindings.Value;

    public static IEnumerable<FunctionBinding> OfType(string type) =>
        All.Where(binding => string.Equals(binding.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one trigger binding of <paramref name="function"/>.</summary>
    public static FunctionBinding TriggerOf(string function) =>
        Assert.Single(All, binding => binding.Function == function && binding.Type.EndsWith("Trigger", StringComparison.Ordinal));

    private static List<FunctionBinding> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var metadata = JsonDocument.Parse(File.ReadAllBytes(path));
        return
        [
            .. metadata.RootElement.EnumerateArray().SelectMany(function => function.GetProperty("bindings").EnumerateArray()
                .Select(binding => new FunctionBinding(
                    function.GetProperty("name").GetString()!,
                    binding.GetProperty("type").GetString()!,
                    binding.Clone()))),
        ];
    }
}
