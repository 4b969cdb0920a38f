namespace CarSearch.Core.Index;

/// <summary>What a listing of the index says about one document: enough to compare it with the stored image.</summary>
/// <param name="Id">The document id (<see cref="DocumentId.FromName"/> of the blob name).</param>
/// <param name="Name">The blob name.</param>
/// <param name="SourceVersion">The <see cref="ImageDocument.SourceVersion"/> it was made from; null when not recorded.</param>
/// <param name="ModelId">The model that made its embedding.</param>
/// <param name="FacetVersion">The <see cref="ImageDocument.FacetVersion"/> of its facets; null when it has none.</param>
public sealed record IndexEntry(string Id, string Name, string? SourceVersion, string ModelId, string? FacetVersion = null)
{
    /// <summary>The entry a listing gives for <paramref name="document"/>.</summary>
    public static IndexEntry Of(ImageDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new IndexEntry(document.Id, document.Name, document.SourceVersion, document.ModelId, document.FacetVersion);
    }
}
