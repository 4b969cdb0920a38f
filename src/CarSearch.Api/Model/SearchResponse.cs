using System.Text.Json.Serialization;
using CarSearch.Api.Http;
using CarSearch.Core.Facets;
using CarSearch.Core.Index;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Model;

/// <summary>A page of search results, best first.</summary>
/// <param name="Results">The images, best first.</param>
/// <param name="ContinuationToken">Pass it back as <c>continuationToken</c> for the next page; null on the last page.</param>
/// <param name="Facets">
/// Per facet (<c>auto.colour</c>, <c>auto.body</c>, <c>auto.view</c>), how many of these results have each label
/// (<see cref="FacetCounts"/>): counted from this page, not from every match.
/// </param>
public sealed record SearchResponse(
    IReadOnlyList<SearchResult> Results,
    string? ContinuationToken,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>? Facets = null)
{
    public static SearchResponse From(SearchPage page, HttpRequest request)
    {
        var results = new SearchResult[page.Hits.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var hit = page.Hits[i];
            results[i] = new SearchResult(
                hit.Id,
                hit.Name,
                CosineRange(hit.Score),
                ApiLinks.To(request, ApiRoutes.ImageContent, hit.Id),
                hit.Metadata,
                ApiLinks.To(request, ApiRoutes.ImageThumbnail, hit.Id),
                hit.DuplicateOf);
        }

        return new SearchResponse(results, page.ContinuationToken, FacetCounts.Of(page.Hits));
    }

    /// <summary>
    /// The score as the cosine it is, from -1 to 1: float sums over unit vectors round to 1.0000001 and the like (an image
    /// searched with itself), which callers read as a bug. Only what is shown is clamped; the order and the continuation
    /// keep the index's own value.
    /// </summary>
    private static double CosineRange(double score) => Math.Clamp(score, -1, 1);
}

/// <summary>One image found; <paramref name="Score"/> is the cosine similarity to the query, higher is better.</summary>
/// <param name="ThumbnailUrl">A small JPEG of the image (longest side 384 px), for lists; <paramref name="ImageUrl"/> is the full file.</param>
/// <param name="DuplicateOf">The id of the representative of the image's near-duplicate group; left out when it is no one's duplicate.</param>
public sealed record SearchResult(
    string Id,
    string Name,
    double Score,
    string ImageUrl,
    IReadOnlyDictionary<string, string> Metadata,
    string ThumbnailUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DuplicateOf = null);
