using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarSearch.Core.Thumbnails;

/// <summary>Registers the thumbnails' rules for the ingest and the API.</summary>
public static class ThumbnailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ThumbnailService"/> (once, however many callers ask). Needs an <see cref="IThumbnailStore"/>
    /// and an <see cref="Storage.IImageStore"/> (<c>AddCarSearchStorage</c>); decodes with the configured
    /// <see cref="Embeddings.Images.ImageOptions"/>.
    /// </summary>
    public static IServiceCollection AddCarSearchThumbnails(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ThumbnailService>();
        return services;
    }
}
