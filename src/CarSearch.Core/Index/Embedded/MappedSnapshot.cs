using System.IO.MemoryMappedFiles;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// A snapshot file mapped into memory copy-on-write: its pages come from the page cache when first read, and a row
/// written later gets a private copy of its page, never a change to the file. The file is only ever replaced by a
/// rename, never changed in place, so what is mapped stays the snapshot it was. Every block reading it must leave it
/// (<see cref="VectorRows.Unmap"/>) before it is disposed, and before the compaction that replaces the file frees it.
/// </summary>
internal sealed unsafe class MappedSnapshot : IDisposable
{
    private readonly FileStream _file;
    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _view;
    private bool _disposed;

    public MappedSnapshot(string path)
    {
        // Delete shared: on Windows too the file may be renamed over once this has been disposed.
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            _mapping = MemoryMappedFile.CreateFromFile(
                _file, mapName: null, capacity: 0, MemoryMappedFileAccess.CopyOnWrite, HandleInheritability.None, leaveOpen: true);
            _view = _mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.CopyOnWrite);
            byte* start = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            Start = start + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _mapping?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>The file's first byte.</summary>
    public byte* Start { get; }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _mapping.Dispose();
        _file.Dispose();
    }
}
