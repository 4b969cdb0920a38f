namespace CarSearch.Cli.Indexing;

/// <summary>One file to upload and the blob name it gets.</summary>
/// <param name="Source">The path to show the user: as given, or the folder given joined with the path under it.</param>
/// <param name="Length">Its size when found, to refuse an oversized file before reading it.</param>
public sealed record ImageFile(string Source, string BlobName, long Length);

/// <summary>What the paths on the command line come to, before anything is read or uploaded.</summary>
/// <param name="Files">The image files to upload, in command-line order, each folder's files by blob name.</param>
/// <param name="Rejected">Paths refused from their names alone (missing, not an image name, a clashing blob name).</param>
/// <param name="Ignored">Files in folders passed over because their names are not image names.</param>
public sealed record IndexPlan(IReadOnlyList<ImageFile> Files, IReadOnlyList<IndexOutcome> Rejected, int Ignored);
