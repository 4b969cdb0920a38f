using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;

namespace CarSearch.Core.Search;

/// <summary>
/// How high the collection's best match scores for queries that have nothing to do with it: what a relevance cut-off
/// (<see cref="SearchOptions.DefaultMinScore"/>, <c>minScore</c>) must beat. Cosine scores depend on the model and on
/// the collection, so the cut-off is measured, not guessed: each of <see cref="UnrelatedQueries"/> is searched for its
/// single best image, and the percentiles of those best scores are reported.
/// </summary>
public sealed class ScoreCalibrator(IClipEmbedder embedder, IVectorIndex index)
{
    /// <summary>
    /// Texts no car photo answers: animals, food, places, objects. A cut-off above most of their best scores keeps an
    /// off-topic search from returning "the least bad" cars, while a search for cars scores above it.
    /// </summary>
    public static IReadOnlyList<string> UnrelatedQueries { get; } =
    [
        "a photo of a cat", "a photo of a dog", "a bowl of soup", "a slice of pizza", "a cup of coffee",
        "a mountain lake at sunrise", "a sandy beach with palm trees", "a snowy forest", "a city skyline at night",
        "a bookshelf full of books", "a wooden chair", "a laptop on a desk", "a bouquet of flowers", "a bird on a branch",
        "a horse in a field", "a plate of sushi", "a birthday cake with candles", "a pair of running shoes",
        "a guitar on a stage", "a painting in a museum", "a child's drawing", "a close-up of a leaf", "a glass of red wine",
        "an elephant in the savanna", "a fish in an aquarium", "a knitted sweater", "a bowl of fruit",
        "a lighthouse on a cliff", "the moon in the night sky", "a handwritten letter", "a teddy bear", "a chess board",
    ];

    /// <summary>The best score of every unrelated query against the whole collection, and their percentiles.</summary>
    public async Task<ScoreCalibration> CalibrateAsync(CancellationToken cancellationToken = default)
    {
        var documents = await index.CountAsync(cancellationToken).ConfigureAwait(false);
        var vectors = embedder.EmbedTexts(UnrelatedQueries);
        var best = new List<double>(vectors.Length);
        foreach (var vector in vectors)
        {
            var page = await index.SearchAsync(new VectorQuery(vector, Top: 1), cancellationToken).ConfigureAwait(false);
            if (page.Hits.Count > 0)
            {
                best.Add(page.Hits[0].Score);
            }
        }

        return ScoreCalibration.From(embedder.ModelId, documents, UnrelatedQueries.Count, best);
    }
}
