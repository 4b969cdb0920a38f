using CarSearch.Core.Index;

namespace CarSearch.Core.Duplicates;

/// <summary>
/// An indexed image's near-duplicate group: its <paramref name="Representative"/>'s id and every member, the image
/// itself included, ranked by cosine to the image (so the image comes first, with 1).
/// </summary>
public sealed record DuplicateGroup(string Representative, IReadOnlyList<SearchHit> Images)
{
    /// <summary>The group of <paramref name="document"/> as the index holds it now.</summary>
    public static async Task<DuplicateGroup> ReadAsync(IVectorIndex index, ImageDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(document);
        var group = DuplicateRule.GroupOf(document);
        var representative = group == document.Id ? document : await index.GetAsync(group, cancellationToken).ConfigureAwait(false);
        var members = await index.ListDuplicatesAsync([group], cancellationToken).ConfigureAwait(false);
        var images = members
            .Append(representative)
            .Append(document)
            .OfType<ImageDocument>()
            .DistinctBy(member => member.Id, StringComparer.Ordinal)
            .Select(member => new SearchHit(
                member.Id,
                member.Name,
                // An exact copy's float32 cosine can come out a hair above 1; the image itself stays first.
                member.Id == document.Id ? 1 : Math.Min(1, DuplicateRule.Cosine(document.Embedding, member.Embedding)),
                member.Metadata,
                member.DuplicateOf))
            .OrderBy(hit => hit.Id == document.Id ? 0 : 1)
            .ThenBy(hit => hit, SearchOrder.Hits)
            .ToList();
        return new DuplicateGroup(group, images);
    }
}
