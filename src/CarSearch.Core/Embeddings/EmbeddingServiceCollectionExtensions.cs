using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Embeddings.Inference;
using CarSearch.Core.Embeddings.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Embeddings;

/// <summary>Registers the CLIP embedder the hosts share.</summary>
public static class EmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ModelOptions"/>, <see cref="ImageOptions"/> and <see cref="InferenceOptions"/> from the
    /// <c>CarSearch</c> section (validated at start) and registers one <see cref="ClipEmbedder"/>, loaded on first
    /// use, as <see cref="IClipEmbedder"/> and <see cref="IStagedImageEmbedder"/>. Without a configured folder the
    /// model is looked for as the host's <see cref="ModelSearch"/> says, when it registered one, else as
    /// <see cref="ModelSearch.ForThisProcess"/> does. Registrations made before this call win (tests put a decorator
    /// in front).
    /// </summary>
    public static IServiceCollection AddCarSearchEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ModelOptions>().Bind(configuration.GetSection(ModelOptions.SectionName));
        services.AddOptions<ImageOptions>().Bind(configuration.GetSection(ImageOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InferenceOptions>().Bind(configuration.GetSection(InferenceOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(provider => ClipEmbedder.Open(
            ModelFolder.Resolve(provider.GetRequiredService<IOptions<ModelOptions>>().Value.Directory, provider.GetService<ModelSearch>()),
            provider.GetRequiredService<IOptions<ImageOptions>>().Value,
            provider.GetRequiredService<IOptions<InferenceOptions>>().Value));
        services.TryAddSingleton<IClipEmbedder>(provider => provider.GetRequiredService<ClipEmbedder>());
        services.TryAddSingleton<IStagedImageEmbedder>(provider => provider.GetRequiredService<ClipEmbedder>());
        return services;
    }
}
