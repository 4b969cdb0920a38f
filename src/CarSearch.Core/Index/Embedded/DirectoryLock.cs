namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Holds the index directory for one writer process. The lock file stays open with <see cref="FileShare.None"/>,
/// which .NET maps to an exclusive advisory lock (flock on Unix, a share mode on Windows); the operating system
/// releases it when the process dies, so a crash never leaves the directory locked.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string FileName = "index.lock";

    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    /// <exception cref="IndexLockedException">Another process (or another index in this one) has the directory open.</exception>
    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IndexLockedException(directory, path, HolderOf(path), e);
        }

        // The holder's process id helps whoever reads the IndexLockedException; it is not part of the locking.
        stream.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        stream.Write(pid);
        stream.Flush();
        return new DirectoryLock(stream);
    }

    public void Dispose() => _stream.Dispose();

    private static string? HolderOf(string path)
    {
        try
        {
            using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(reader);
            var pid = text.ReadToEnd().Trim();
            return pid.Length == 0 ? null : $"process {pid}";
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
