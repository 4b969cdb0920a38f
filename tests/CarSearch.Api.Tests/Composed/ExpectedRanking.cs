using CarSearch.Tests;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;

namespace CarSearch.Api.Tests.Composed;

/// <summary>One term as a test states it: a text or a kit image, and a weight.</summary>
public sealed record TestTerm(string? Text, string? ImageFile, double Weight)
{
    public static TestTerm ForText(string text, double weight = 1) => new(text, null, weight);

    public static TestTerm ForImage(string file, double weight = 1) => new(null, file, weight);

    public string? ImageId => ImageFile is null ? null : DocumentId.FromName(ImageFile);
}

/// <summary>
/// The ranking a composed query must give, computed here in double precision from the kit model's embeddings (the texts
/// embedded by the host's model, the images as indexed), as the README states it: each term's embedding L2-normalised,
/// the weighted sum L2-normalised, every image ranked by cosine to it, the terms' own images left out.
/// </summary>
public static class ExpectedRanking
{
    public static async Task<List<(string Id, double Score)>> OfAsync(ApiTestHost host, params TestTerm[] terms)
    {
        var documents = new List<ImageDocument>();
        foreach (var image in KitCatalog.Images)
        {
            documents.Add((await host.Index.GetAsync(DocumentId.FromName(image.File)))!);
        }

        var sum = new double[documents[0].Embedding.Length];
        foreach (var term in terms)
        {
            var embedding = term.Text is not null
                ? host.Embedder.EmbedTexts([term.Text])[0]
                : documents.Single(d => d.Id == term.ImageId).Embedding;
            var norm = Norm(embedding);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += term.Weight * embedding[i] / norm;
            }
        }

        var length = Math.Sqrt(sum.Sum(v => v * v));
        var excluded = terms.Select(t => t.ImageId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. documents
            .Where(d => !excluded.Contains(d.Id))
            .Select(d => (d.Id, Score: Cosine(sum, length, d.Embedding)))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>The cosine of two vectors in double precision.</summary>
    public static double Cosine(float[] a, float[] b) => Cosine([.. a.Select(v => (double)v)], Norm(a), b);

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(v => (double)v * v));

    private static double Cosine(double[] query, double queryLength, float[] vector)
    {
        double dot = 0;
        for (var i = 0; i < query.Length; i++)
        {
            dot += query[i] * vector[i];
        }

        return dot / (queryLength * Norm(vector));
    }
}
