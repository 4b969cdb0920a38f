using System.Runtime.InteropServices;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Makes a rename inside a directory durable. On Unix a rename is only on disk once the directory itself is
/// fsynced, which .NET has no API for (it refuses to open a directory as a file), hence the libc calls.
/// Windows (NTFS journals metadata) and failures are best effort: a killed process loses nothing either way,
/// only a power cut between the rename and the next write-back could.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            var descriptor = Open(directory, ReadOnly);
            if (descriptor < 0)
            {
                return;
            }

            try
            {
                _ = Fsync(descriptor);
            }
            finally
            {
                _ = Close(descriptor);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A platform without these libc calls keeps working, without the power-cut guarantee for renames.
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
