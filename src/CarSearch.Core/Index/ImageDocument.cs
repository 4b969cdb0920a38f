namespace CarSearch.Core.Index;

/// <summary>One indexed car image: what the index stores and returns by id.</summary>
public sealed record ImageDocument
{
    /// <summary>Stable id derived from the blob name (<see cref="DocumentId.FromName"/>), valid as a Cosmos DB id.</summary>
    public required string Id { get; init; }

    /// <summary>The original blob name.</summary>
    public required string Name { get; init; }

    /// <summary>Lower-case hex SHA-256 of the image bytes; with <see cref="ModelId"/> it decides whether to re-embed.</summary>
    public required string ContentHash { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>Image format as detected from the bytes, e.g. "JPEG", "PNG", "WEBP", "GIF".</summary>
    public string Format { get; init; } = "";

    public long SizeBytes { get; init; }

    /// <summary>Uploaded metadata (make, model, year, colour, ...). Keys are compared case-insensitively when filtering.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Which model made <see cref="Embedding"/>, so a model change is detectable.</summary>
    public required string ModelId { get; init; }

    public DateTimeOffset IndexedAt { get; init; }

    /// <summary>
    /// The store's version of the content this document was made from (a blob's ETag), so a listing of the container
    /// tells which images the index reflects without reading them. Null for documents written before it was kept.
    /// </summary>
    public string? SourceVersion { get; init; }

    /// <summary>
    /// The <see cref="Facets.FacetVersion"/> (label sets, prompts, model) that made the <c>auto.*</c> metadata; a
    /// re-index recomputes documents made under another. Null for documents written before facets were kept.
    /// </summary>
    public string? FacetVersion { get; init; }
    /// The id of the representative of the near-duplicate group this image belongs to (<see cref="Duplicates.DuplicateRule"/>);
    /// null when the image is no one's duplicate (it may be a representative itself). Groups are flat: it never names a
    /// document that is itself a duplicate.
    /// </summary>
    public string? DuplicateOf { get; init; }

    /// <summary>L2-normalised float32 embedding of the model's dimension.</summary>
    public required float[] Embedding { get; init; }
}
