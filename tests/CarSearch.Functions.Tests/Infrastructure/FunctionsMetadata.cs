using System.Text.Json;
using CarSearch.Functions.Http;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>One binding of a function as functions.metadata declares it to the host.</summary>
/// <param name="EntryPoint">The method the worker calls, with its class's full name: <c>Namespace.Class.Method</c>.</param>
public sealed record FunctionBinding(string Function, string EntryPoint, string Type, JsonElement Json)
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

    /// <summary>The HTTP triggers of the API: all but the search page's.</summary>
    public static IEnumerable<FunctionBinding> ApiHttpTriggers() =>
        OfType("httpTrigger").Where(trigger => trigger.Function != nameof(WebPageFunction.WebPage));

    /// <summary>The full names of the classes whose methods the worker calls.</summary>
    public static IEnumerable<string> FunctionClasses() =>
        All.Select(binding => binding.EntryPoint[..binding.EntryPoint.LastIndexOf('.')]).Distinct(StringComparer.Ordinal);

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
                    function.GetProperty("entryPoint").GetString()!,
                    binding.GetProperty("type").GetString()!,
                    binding.Clone()))),
        ];
    }
}
