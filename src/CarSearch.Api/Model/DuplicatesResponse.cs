using CarSearch.Core.Duplicates;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Model;

/// <summary>
/// An indexed image's near-duplicate group, as <c>GET images/{id}/duplicates</c> answers it.
/// </summary>
/// <param name="Id">The image asked about.</param>
/// <param name="Representative">The id that names the group: every other member's <c>duplicateOf</c>.</param>
/// <param name="Results">
/// Every member, the image itself included, as search results whose score is the cosine to the image (itself first,
/// with 1); just the image when it has no near-duplicates.
/// </param>
public sealed record DuplicatesResponse(string Id, string Representative, IReadOnlyList<SearchResult> Results)
{
    public static DuplicatesResponse From(string id, DuplicateGroup group, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new DuplicatesResponse(id, group.Representative, SearchResponse.From(new(group.Images, null), request).Results);
    }
}
