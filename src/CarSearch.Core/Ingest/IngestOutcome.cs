using CarSearch.Core.Index;

namespace CarSearch.Core.Ingest;

/// <summary>What an ingest did with one image.</summary>
public enum IngestResult
{
    /// <summary>Embedded and written to the index.</summary>
    Indexed,

    /// <summary>The index already had this content embedded by this model; nothing was embedded (metadata refreshed).</summary>
    Unchanged,

    /// <summary>Not a usable image (too large, truncated, not an image, ...): recorded as a failure, never retried as is.</summary>
    Rejected,

    /// <summary>The image is no longer stored: its document and failure, if any, were removed.</summary>
    Missing,
}

/// <summary>The outcome of <see cref="IngestService"/> for one image.</summary>
/// <param name="Name">The blob name.</param>
/// <param name="Id">The document id (<see cref="DocumentId.FromName"/>).</param>
/// <param name="Reason">Why the image was rejected, in words a user understands; null unless rejected.</param>
public sealed record IngestOutcome(IngestResult Result, string Name, string Id, string? Reason = null)
{
    public static IngestOutcome Indexed(string name) => new(IngestResult.Indexed, name, DocumentId.FromName(name));

    public static IngestOutcome Unchanged(string name) => new(IngestResult.Unchanged, name, DocumentId.FromName(name));

    public static IngestOutcome Rejected(string name, string reason) =>
        new(IngestResult.Rejected, name, DocumentId.FromName(name), reason);

    public static IngestOutcome Missing(string name) => new(IngestResult.Missing, name, DocumentId.FromName(name));
}
