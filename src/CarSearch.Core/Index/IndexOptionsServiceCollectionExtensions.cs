using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Index;

/// <summary>The settings every index registration binds, whichever index it registers.</summary>
public static class IndexOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IndexOptions"/> from <c>CarSearch:Index</c>, validated at start by
    /// <see cref="IndexOptionsValidator"/>; an index with settings of its own adds its validator to the same options.
    /// </summary>
    public static IServiceCollection AddIndexOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IndexOptions>().Bind(configuration.GetSection(IndexOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IndexOptions>, IndexOptionsValidator>());
        return services;
    }
}
