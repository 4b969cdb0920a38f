using System.Globalization;
using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// Expands <c>carsearch index</c>'s paths into files and blob names. A file named on the command line becomes the blob
/// of its file name; a folder is searched recursively and each image in it becomes the blob of its path relative to
/// that folder, with forward slashes (<c>photos/</c> holding <c>tesla/red.jpg</c> gives <c>tesla/red.jpg</c>). Names
/// depend only on the paths, so running the same command again addresses the same blobs and can skip what is there.
/// </summary>
/// <remarks>
/// Only names ending in an image extension (<see cref="ImageFormats.FileExtensions"/>) are taken: in a folder
/// other files are passed over and counted, hidden files and folders (a leading dot) are left out; a file named
/// explicitly with another extension is rejected, since the user asked for it.
/// </remarks>
public static class ImageFileFinder
{
    /// <summary>Azure's limit on a blob name, in characters.</summary>
    public const int MaxBlobNameLength = 1024;

    private static readonly EnumerationOptions FolderWalk = new()
    {
        RecurseSubdirectories = true,
        // .NET marks names starting with a dot as hidden on Unix: .git, .thumbnails, macOS's ._IMG_0001.jpg twins.
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    public static IndexPlan Find(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var plan = new PlanBuilder();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                plan.AddNamedFile(path);
            }
            else if (Directory.Exists(path))
            {
                plan.AddFolder(path);
            }
            else
            {
                plan.Reject(path, null, "No such file or folder.");
            }
        }

        return plan.Build();
    }

    /// <summary>The extensions that make a file name an image name, for messages.</summary>
    public static string ImageExtensionList =>
        string.Join(' ', ImageFormats.FileExtensions.Order(StringComparer.Ordinal));

    private sealed class PlanBuilder
    {
        private readonly List<ImageFile> _files = [];
        private readonly List<IndexOutcome> _rejected = [];
        private readonly Dictionary<string, (string Source, string FullPath)> _byBlobName = new(StringComparer.Ordinal);
        private int _ignored;

        public void AddNamedFile(string path)
        {
            var blobName = Path.GetFileName(path);
            if (ImageFormats.IsImageFileName(blobName))
            {
                Add(path, blobName);
            }
            else
            {
                Reject(path, null, $"Not an image file name; only names ending in {ImageExtensionList} are uploaded.");
            }
        }

        public void AddFolder(string folder)
        {
            var found = new List<(string Source, string BlobName)>();
            foreach (var file in Directory.EnumerateFiles(folder, "*", FolderWalk))
            {
                var relative = Path.GetRelativePath(folder, file);
                if (ImageFormats.IsImageFileName(relative))
                {
                    found.Add((Path.Join(folder, relative), relative.Replace(Path.DirectorySeparatorChar, '/')));
                }
                else
                {
                    _ignored++;
                }
            }

            found.Sort((a, b) => string.CompareOrdinal(a.BlobName, b.BlobName));
            foreach (var (source, blobName) in found)
            {
                Add(source, blobName);
            }
        }

        public void Reject(string source, string? blobName, string reason) =>
            _rejected.Add(IndexOutcome.Rejected(source, blobName, reason));

        public IndexPlan Build() => new(_files, _rejected, _ignored);

        private void Add(string source, string blobName)
        {
            var fullPath = Path.GetFullPath(source);
            if (_byBlobName.TryGetValue(blobName, out var earlier))
            {
                // The same file reached twice (a folder and a file in it) is one upload; two files for one blob are not.
                if (!string.Equals(earlier.FullPath, fullPath, StringComparison.Ordinal))
                {
                    Reject(source, blobName, $"{earlier.Source} goes to the same blob name; rename one or index them separately.");
                }

                return;
            }

            if (blobName.Length > MaxBlobNameLength)
            {
                Reject(source, null, string.Create(CultureInfo.InvariantCulture,
                    $"Its blob name would be {blobName.Length:N0} characters long; blob storage allows {MaxBlobNameLength:N0}."));
                return;
            }

            _byBlobName.Add(blobName, (source, fullPath));
            _files.Add(new ImageFile(source, blobName, new FileInfo(source).Length));
        }
    }
}
