using System.Collections.Concurrent;
using System.Numerics.Tensors;
using CarSearch.Core.Embeddings;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Facets;

/// <summary>
/// Zero-shot facets: for each label set, the label whose prompt embedding has the largest cosine to an image
/// embedding, and its margin over the runner-up. The prompts are embedded once per model id, on first use, by the
/// ordinary text pipeline; classifying an image is then a few dozen dot products, cheap enough to redo whenever an
/// unchanged image's document is written (re-index, new metadata). Thread-safe; one per process.
/// </summary>
public sealed class FacetClassifier
{
    private readonly IClipEmbedder _embedder;
    private readonly FacetOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<FacetLabelEmbeddings>> _byModel = new(StringComparer.Ordinal);

    public FacetClassifier(IClipEmbedder embedder, IOptions<FacetOptions> options)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _options = options.Value;
    }

    /// <summary>The <see cref="FacetVersion"/> the current model and settings give; costs no model run.</summary>
    public string Version => FacetVersion.Of(_embedder.ModelId, _options);

    /// <summary>The current model's label embeddings, made on first use (one text run for every prompt).</summary>
    public FacetLabelEmbeddings LabelEmbeddings()
    {
        var modelId = _embedder.ModelId;
        var labels = _byModel.GetOrAdd(
            modelId, id => new Lazy<FacetLabelEmbeddings>(() => FacetLabelEmbeddings.Embed(_embedder, id, _options)));
        try
        {
            return labels.Value;
        }
        catch
        {
            // A failed run is not kept: the next image tries again rather than failing for ever.
            _byModel.TryRemove(KeyValuePair.Create(modelId, labels));
            throw;
        }
    }

    /// <summary>Classifies an image embedding of the current model against every set.</summary>
    public ImageFacets Classify(ReadOnlySpan<float> imageEmbedding)
    {
        var labels = LabelEmbeddings();
        var winners = new List<FacetLabel>(labels.Sets.Count);
        foreach (var set in labels.Sets)
        {
            winners.Add(Winner(set, imageEmbedding));
        }

        return new ImageFacets(labels.Version, winners);
    }

    /// <summary>The best label of one set; on equal cosines the one listed first wins.</summary>
    private static FacetLabel Winner(FacetLabelEmbeddings.SetEmbeddings set, ReadOnlySpan<float> image)
    {
        var (best, bestCosine, runnerUpCosine) = (0, float.NegativeInfinity, float.NegativeInfinity);
        for (var i = 0; i < set.Vectors.Count; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(image, set.Vectors[i]);
            if (cosine > bestCosine)
            {
                (best, runnerUpCosine, bestCosine) = (i, bestCosine, cosine);
            }
            else if (cosine > runnerUpCosine)
            {
                runnerUpCosine = cosine;
            }
        }

        return new FacetLabel(set.Set, set.Labels[best], bestCosine - runnerUpCosine);
    }
}
