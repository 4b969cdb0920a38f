using CarSearch.Core.Embeddings;

namespace CarSearch.Core.Facets;

/// <summary>
/// Every set's labels with their prompts' embeddings, made by one model through the ordinary text pipeline (tokenizer,
/// text tower, L2 normalisation): what the classifier compares image embeddings with.
/// </summary>
public sealed class FacetLabelEmbeddings
{
    private FacetLabelEmbeddings(string modelId, string version, IReadOnlyList<SetEmbeddings> sets)
    {
        ModelId = modelId;
        Version = version;
        Sets = sets;
    }

    public string ModelId { get; }

    /// <summary>The <see cref="FacetVersion"/> of these labels, prompts and model.</summary>
    public string Version { get; }

    /// <summary>One per <see cref="FacetSet.All"/>, in that order.</summary>
    public IReadOnlyList<SetEmbeddings> Sets { get; }

    /// <summary>Embeds every prompt in one call of the embedder, whose model must be <paramref name="modelId"/>.</summary>
    public static FacetLabelEmbeddings Embed(IClipEmbedder embedder, string modelId, FacetOptions options)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        var labels = FacetSet.All.Select(set => set.Settings(options).LabelList()).ToList();
        var prompts = FacetSet.All.SelectMany((set, i) => labels[i].Select(set.Settings(options).PromptFor)).ToList();
        var vectors = embedder.EmbedTexts(prompts);

        var sets = new List<SetEmbeddings>(FacetSet.All.Count);
        var next = 0;
        for (var i = 0; i < FacetSet.All.Count; i++)
        {
            sets.Add(new SetEmbeddings(FacetSet.All[i], labels[i], vectors[next..(next + labels[i].Count)]));
            next += labels[i].Count;
        }

        return new FacetLabelEmbeddings(modelId, FacetVersion.Of(modelId, options), sets);
    }

    /// <summary>A set's labels and, at the same index, each one's prompt embedding (unit length).</summary>
    public sealed record SetEmbeddings(FacetSet Set, IReadOnlyList<string> Labels, IReadOnlyList<float[]> Vectors);
}
