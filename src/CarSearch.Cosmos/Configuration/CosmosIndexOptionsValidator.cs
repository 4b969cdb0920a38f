using CarSearch.Core.Index;
using Microsoft.Extensions.Options;

namespace CarSearch.Cosmos.Configuration;

/// <summary>
/// Rejects Cosmos DB settings that cannot work, at start, with a message naming the setting to fix
/// (e.g. "CarSearch:Index:Cosmos:Endpoint is required when CarSearch:Index:Kind is 'cosmos'"). Registered with the
/// Cosmos DB index, beside Core's <see cref="IndexOptionsValidator"/> for what every index needs.
/// </summary>
public sealed class CosmosIndexOptionsValidator : IValidateOptions<IndexOptions>
{
    private const string Section = IndexOptions.SectionName;
    private const string CosmosSection = Section + ":Cosmos";

    public ValidateOptionsResult Validate(string? name, IndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
