using CarSearch.Core.Index;
using Microsoft.Extensions.Options;

namespace CarSearch.Cosmos.Configuration;

/// <summary>
/// Rejects an <see cref="IndexOptions"/> that cannot work, at start, with a message naming the setting to fix
/// (e.g. "CarSearch:Index:Cosmos:Endpoint is required when CarSearch:Index:Kind is 'cosmos'").
/// </summary>
public sealed class IndexOptionsValidator : IValidateOptions<IndexOptions>
{
    private const string Section = IndexOptions.SectionName;
    private const string CosmosSection = Section + ":Cosmos";

    /// <summary>The kinds <see cref="IndexOptions.Kind"/> accepts.</summary>
    public static IReadOnlyList<string> ValidKinds { get; } = [IndexOptions.LocalKind, IndexOptions.CosmosKind];

    /// <summary>
    /// The configured kind in its canonical spelling, or null when it is none of <see cref="ValidKinds"/>. A blank kind
    /// is the default, <c>local</c>: deployment templates often set an unused app setting to an empty string.
    /// </summary>
    public static string? NormalizeKind(string? kind) =>
        string.IsNullOrWhiteSpace(kind)
            ? IndexOptions.LocalKind
            : ValidKinds.FirstOrDefault(k => string.Equals(k, kind.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The message for a kind that is not one of <see cref="ValidKinds"/>.</summary>
    public static string UnknownKindMessage(string? kind) =>
        $"{Section}:Kind is '{kind}'; valid values are {string.Join(", ", ValidKinds.Select(k => $"'{k}'"))}.";

    public ValidateOptionsResult Validate(string? name, IndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        var kind = NormalizeKind(options.Kind);
        if (kind is null)
        {
            failures.Add(UnknownKindMessage(options.Kind));
        }

        if (options.Dimensions < 1)
        {
            failures.Add($"{Section}:Dimensions is {options.Dimensions}; it must be positive (512 for CLIP ViT-B/32).");
        }

        if (kind == IndexOptions.CosmosKind)
        {
            ValidateCosmos(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCosmos(IndexOptions options, List<string> failures)
    {
        var cosmos = options.Cosmos;
        if (options.Dimensions > CosmosContainerPolicy.MaxDimensions)
        {
            failures.Add($"{Section}:Dimensions is {options.Dimensions}; a Cosmos DB vector policy allows at most {CosmosContainerPolicy.MaxDimensions}.");
        }

        var requiredWhenCosmos = $"is required when {Section}:Kind is '{IndexOptions.CosmosKind}'";
        if (string.IsNullOrWhiteSpace(cosmos.Endpoint))
        {
            failures.Add($"{CosmosSection}:Endpoint {requiredWhenCosmos} (e.g. https://myaccount.documents.azure.com:443/).");
        }
        else if (!Uri.TryCreate(cosmos.Endpoint, UriKind.Absolute, out var endpoint)
                 || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{CosmosSection}:Endpoint '{cosmos.Endpoint}' is not an absolute https URL.");
        }

        if (string.IsNullOrWhiteSpace(cosmos.Database))
        {
            failures.Add($"{CosmosSection}:Database {requiredWhenCosmos}.");
        }

        if (string.IsNullOrWhiteSpace(cosmos.Container))
        {
            failures.Add($"{CosmosSection}:Container {requiredWhenCosmos}.");
        }

        if (CosmosContainerPolicy.ParseIndexType(cosmos.VectorIndexType) is null)
        {
            var valid = string.Join(", ", CosmosContainerPolicy.SupportedIndexTypes.Select(t => $"'{t}'"));
            var why = string.Equals(cosmos.VectorIndexType?.Trim(), "flat", StringComparison.OrdinalIgnoreCase)
                ? $" A flat index is limited to {CosmosContainerPolicy.FlatIndexMaxDimensions} dimensions; the embeddings have {options.Dimensions}."
                : "";
            failures.Add($"{CosmosSection}:VectorIndexType is '{cosmos.VectorIndexType}'; valid values are {valid}.{why}");
        }
    }
}
