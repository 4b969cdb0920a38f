namespace CarSearch.Cli.Indexing;

/// <summary>What <c>carsearch index</c> did with one file.</summary>
/// <param name="Source">The file as the user named it (or as found under a folder they named).</param>
/// <param name="BlobName">The blob it goes to; null when the path named nothing usable.</param>
/// <param name="Reason">Why it was rejected or failed; null otherwise.</param>
public sealed record IndexOutcome(string Source, string? BlobName, IndexOutcomeKind Kind, string? Reason = null)
{
    public static IndexOutcome Rejected(string source, string? blobName, string reason) =>
        new(source, blobName, IndexOutcomeKind.Rejected, reason);

    public static IndexOutcome Failed(string source, string? blobName, string reason) =>
        new(source, blobName, IndexOutcomeKind.Failed, reason);

    /// <summary>Rejected and failed files: the ones the exit code and the summary's reasons are about.</summary>
    public bool IsProblem => Kind is IndexOutcomeKind.Rejected or IndexOutcomeKind.Failed;
}

/// <summary>The outcomes the summary counts, in the order it lists them.</summary>
public enum IndexOutcomeKind
{
    /// <summary>New to the container, or its content changed: uploaded.</summary>
    Uploaded,

    /// <summary>The same content was there but lacked some of the <c>--metadata</c>: only the metadata was set.</summary>
    Updated,

    /// <summary>The same content and metadata were already there: nothing sent.</summary>
    Skipped,

    /// <summary>Not an image, over a limit, or not usable as a blob: never uploaded.</summary>
    Rejected,

    /// <summary>Could not be read, or storage refused it.</summary>
    Failed,
}
