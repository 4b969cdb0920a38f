namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// A file about to be replaced by a rename, held open so that the rename does not free it. On Linux, freeing a
/// multi-GB file in one go (an unlink or a truncate to zero) is one long journal transaction that stalls every other
/// fsync on the disk, the log's among them; <see cref="Free"/> instead cuts it from the end in slices, and the
/// inode, nearly empty by then, goes when the handle closes. Windows cannot rename over a file held open, so there
/// the rename frees it as before.
/// </summary>
internal sealed class ReplacedFile : IDisposable
{
    /// <summary>Small enough that freeing one slice is a short transaction.</summary>
    public const long SliceBytes = 16L * 1024 * 1024;

    private readonly FileStream? _stream;

    private ReplacedFile(FileStream? stream) => _stream = stream;

    /// <summary>
    /// Holds <paramref name="path"/> open; holds nothing when there is no such file or it cannot be opened for
    /// writing (the rename still replaces it, only not gently).
    /// </summary>
    public static ReplacedFile Hold(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new ReplacedFile(null);
        }

        try
        {
            return new ReplacedFile(new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ReplacedFile(null);
        }
    }

    /// <summary>
    /// Cuts the held file to nothing, a slice at a time, and closes it. Only after the rename that replaced it: before
    /// that, the held file is the live one.
    /// </summary>
    public void Free()
    {
        if (_stream is null)
        {
            return;
        }

        for (var length = _stream.Length; length > 0;)
        {
            length = Math.Max(0, length - SliceBytes);
            _stream.SetLength(length);
        }

        _stream.Dispose();
    }

    public void Dispose() => _stream?.Dispose();
}
