namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The embedded index's directory is already open for writing, by another process or another index in this one.
/// A type of its own so that a host can tell "someone else holds the index" (stop the other, or choose another
/// directory) from every other failure at start, without guessing from inner exceptions.
/// </summary>
/// <remarks>
/// An <see cref="InvalidOperationException"/>: the directory is in a state that does not allow the open, and code
/// written before this type existed keeps catching it.
/// </remarks>
public sealed class IndexLockedException : InvalidOperationException
{
    /// <param name="holder">Who holds it, for the message (e.g. "process 4242"), when that could be read.</param>
    public IndexLockedException(string directory, string lockFile, string? holder, Exception? innerException = null)
        : base(Describe(directory, lockFile, holder), innerException)
    {
        Directory = directory;
        LockFile = lockFile;
    }

    /// <summary>The index directory that could not be opened.</summary>
    public string Directory { get; }

    /// <summary>The lock file another holder keeps open.</summary>
    public string LockFile { get; }

    private static string Describe(string directory, string lockFile, string? holder) =>
        $"The index directory '{directory}' is already open for writing by another process or index " +
        $"(lock file '{lockFile}'{(holder is null ? "" : $", held by {holder}")}). Only one writer may open it at a time.";
}
