using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>A fresh temporary index directory, deleted with everything in it on dispose.</summary>
internal sealed class IndexDirectory : IDisposable
{
    public IndexDirectory() =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "carsearch-index-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Path { get; }

    public string LogFile => System.IO.Path.Combine(Path, "index.log");

    public string SnapshotFile => System.IO.Path.Combine(Path, "index.snapshot");

    public IndexOptions Options(long compactionLogBytes = 64L * 1024 * 1024) => new()
    {
        Local = new LocalIndexOptions { Directory = Path, CompactionLogBytes = compactionLogBytes },
    };

    public string NextLogFile => System.IO.Path.Combine(Path, "index.log.next");

    /// <summary>Opens (and loads) an index on this directory; <paramref name="beforeSnapshotWrite"/> runs in each compaction.</summary>
    public async Task<EmbeddedVectorIndex> OpenAsync(long compactionLogBytes = 64L * 1024 * 1024, Action? beforeSnapshotWrite = null)
    {
        var index = new EmbeddedVectorIndex(Microsoft.Extensions.Options.Options.Create(Options(compactionLogBytes)))
        {
            BeforeSnapshotWrite = beforeSnapshotWrite,
        };
        await index.InitializeAsync();
        return index;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
