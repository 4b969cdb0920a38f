using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Functions.Hosting;

/// <summary>
/// The Functions app's choice of vector index (<c>CarSearch:Index:Kind</c>). A host's composition: the local host
/// always runs the embedded index, so only this app chooses, and neither index's library needs to know the other.
/// </summary>
public static class VectorIndexServiceCollectionExtensions
{
    /// <summary>The kinds <see cref="IndexOptions.Kind"/> accepts.</summary>
    public static IReadOnlyList<string> ValidKinds { get; } = [IndexOptions.LocalKind, IndexOptions.CosmosKind];

    /// <summary>
    /// Registers the <see cref="IVectorIndex"/> the configuration chooses: the embedded index for <c>local</c> (the
    /// default, also for a blank setting, as deployment templates often leave unused settings empty), the Cosmos DB
    /// index for <c>cosmos</c>, each validating its settings at start. An unknown kind fails here, listing the valid ones.
    /// </summary>
    public static IServiceCollection AddCarSearchVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var configured = configuration.GetSection(IndexOptions.SectionName)[nameof(IndexOptions.Kind)];
        var kind = string.IsNullOrWhiteSpace(configured)
            ? IndexOptions.LocalKind
            : ValidKinds.FirstOrDefault(valid => string.Equals(valid, configured.Trim(), StringComparison.OrdinalIgnoreCase));
        return kind switch
        {
            IndexOptions.LocalKind => services.AddEmbeddedVectorIndex(configuration),
            IndexOptions.CosmosKind => services.AddCosmosVectorIndex(configuration),
            _ => throw new OptionsValidationException(
                IndexOptions.SectionName,
                typeof(IndexOptions),
                [$"{IndexOptions.SectionName}:{nameof(IndexOptions.Kind)} is '{configured}'; valid values are {string.Join(", ", ValidKinds.Select(k => $"'{k}'"))}."]),
        };
    }
}
