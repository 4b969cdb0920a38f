using CarSearch.Core.Batching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The default vector index: one directory (<see cref="LocalIndexOptions.Directory"/>) holding a snapshot and a
/// write-ahead log, the whole index in memory, exact cosine search. Survives restarts and kill -9 of its process:
/// a write whose task completed is on disk; a crash loses at most the writes in flight. One process may open a
/// directory; within it, any number of concurrent readers and writers.
/// </summary>
public sealed class EmbeddedVectorIndex : IVectorIndex, IAsyncDisposable, IDisposable
{
    private static readonly string[] TemporaryFiles =
        [SnapshotFile.FileName + ".tmp", WriteAheadLog.FileName + ".tmp", WriteAheadLog.NextFileName + ".tmp"];

    private readonly IndexOptions _options;
    private readonly ILogger _logger;

    // Readers (get, count, ids, search) share it; the writer takes it only to apply a committed batch, so a reader
    // never sees half a document or half a batch. Never held across an await: every read is synchronous inside.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _openLock = new();
    private readonly RequestBatcher<PendingSearch, SearchPage> _scans;
    private OpenIndex? _open;
    private bool _disposed;

    public EmbeddedVectorIndex(IOptions<IndexOptions> options, ILogger<EmbeddedVectorIndex>? logger = null)
    {
        _options = options.Value;
        _logger = logger ?? NullLogger<EmbeddedVectorIndex>.Instance;
        _scans = new RequestBatcher<PendingSearch, SearchPage>(SearchAll, MaxSearchesPerScan);
    }

    public string Kind => IndexOptions.LocalKind;

    /// <summary>The folder holding the index files.</summary>
    public string Directory => _options.Local.Directory;

    /// <summary>A test seam: runs on a compaction's background task before it writes the snapshot (set before opening).</summary>
    internal Action? BeforeSnapshotWrite { get; set; }

    /// <summary>Opens the directory (creating it), takes its lock and loads the index. Other calls do this on first use.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        _ = Open();
        return Task.CompletedTask;
    }

    public Task UpsertAsync(ImageDocument document, CancellationToken cancellationToken = default)
    {
        IndexArguments.ThrowIfInvalid(document, _options.Dimensions);
        // Queued writes are encoded later: copy what the caller could still change.
        var copy = document with
        {
            Metadata = new Dictionary<string, string>(document.Metadata, StringComparer.Ordinal),
            Embedding = (float[])document.Embedding.Clone(),
        };
        return Open().Writer.WriteAsync(LogRecord.Upsert(copy), cancellationToken);
    }

    public Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Task.FromResult(Read(table => table.Get(id)));
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Open().Writer.WriteAsync(LogRecord.Delete(id), cancellationToken);
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult((long)Read(table => table.Count));

    /// <summary>The entries at the moment of the call (a copy), so enumerating never holds up writers.</summary>
    public IAsyncEnumerable<IndexEntry> ListAsync(CancellationToken cancellationToken = default) =>
        Read(table => table.Entries()).ToAsyncEnumerable();

    public Task<IReadOnlyList<ImageDocument>> ListDuplicatesAsync(
        IReadOnlyCollection<string> representativeIds, CancellationToken cancellationToken = default)
    {
        IndexArguments.ThrowIfInvalid(representativeIds);
        return Task.FromResult<IReadOnlyList<ImageDocument>>(Read(table => table.DuplicatesOf(representativeIds)));
    }

    /// <summary>
    /// The best <see cref="VectorQuery.Top"/> rows after the token's key (see <see cref="ContinuationKey"/>), in
    /// <see cref="SearchOrder"/>. Every page costs one scan with a heap of one page, however deep it is; searches that
    /// arrive while a scan runs share the next one (<see cref="MaxSearchesPerScan"/>).
    /// </summary>
    public Task<SearchPage> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        IndexArguments.ThrowIfInvalid(query, _options.Dimensions);
        var after = SearchContinuation.Read(query);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        return _scans.RunAsync(new PendingSearch(query, after), cancellationToken);
    }

    /// <summary>
    /// Most searches one scan answers. A row is read from memory once for all of them, so at 100,000 rows sixteen
    /// searches cost about four times one; more would make the first of a burst wait longer for little gain.
    /// </summary>
    public const int MaxSearchesPerScan = 16;

    /// <summary>
    /// One scan of every row for the searches without filters; a filtered search scans only its own rows. All under
    /// one read lock, so every page of the batch sees the same index.
    /// </summary>
    private SearchPage[] SearchAll(IReadOnlyList<PendingSearch> searches) => Read(table =>
    {
        var pages = new SearchPage[searches.Count];
        var unfiltered = new List<int>(searches.Count);
        for (var i = 0; i < searches.Count; i++)
        {
            var rows = table.RowsMatching(searches[i].Query.Filters);
            if (rows is null)
            {
                unfiltered.Add(i);
                continue;
            }

            var ranked = ExactSearcher.Search(table.Vectors, table.IdAt, new ListedRows(rows), [searches[i].RequestIn(table)]);
            pages[i] = searches[i].PageOf(table, ranked[0]);
        }

        if (unfiltered.Count > 0)
        {
            var ranked = ExactSearcher.Search(
                table.Vectors, table.IdAt, new AllRows(table.Count), [.. unfiltered.Select(i => searches[i].RequestIn(table))]);
            for (var j = 0; j < unfiltered.Count; j++)
            {
                pages[unfiltered[j]] = searches[unfiltered[j]].PageOf(table, ranked[j]);
            }
        }

        return pages;
    });

    /// <summary>Folds the log into a new snapshot now instead of waiting for <see cref="LocalIndexOptions.CompactionLogBytes"/>.</summary>
    public Task CompactAsync(CancellationToken cancellationToken = default) =>
        Open().Writer.CompactAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        OpenIndex? open;
        lock (_openLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _scans.Dispose();
            open = _open;
            _open = null;
        }

        if (open is not null)
        {
            await open.Writer.DisposeAsync().ConfigureAwait(false);

            // A read that began before the dispose may still be scanning the mapped snapshot.
            _gate.EnterWriteLock();
            open.Table.Vectors.Dispose();
            _gate.ExitWriteLock();
            open.DirectoryLock.Dispose();
        }

        _gate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private T Read<T>(Func<DocumentTable, T> read)
    {
        var table = Open().Table;
        _gate.EnterReadLock();
        try
        {
            return read(table);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private OpenIndex Open()
    {
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _open ??= Load();
        }
    }

    private OpenIndex Load()
    {
        var directory = _options.Local.Directory;
        var dimensions = _options.Dimensions;
        System.IO.Directory.CreateDirectory(directory);
        var directoryLock = DirectoryLock.Acquire(directory);
        DocumentTable? table = null;
        try
        {
            // Left by a crash mid-compaction or mid-rotation; the renamed files they would have become are the truth.
            // A crash between a compaction's renames leaves both logs: LogRecovery reads them.
            foreach (var temporary in TemporaryFiles)
            {
                File.Delete(Path.Combine(directory, temporary));
            }

            table = new DocumentTable(dimensions);
            var generation = SnapshotFile.Load(directory, table);
            var logs = LogRecovery.Open(directory, dimensions, generation, table.Apply, _logger);
            var snapshot = new FileInfo(Path.Combine(directory, SnapshotFile.FileName));
            var writer = new IndexWriter(
                directory, table, _gate, logs, snapshot.Exists ? snapshot.Length : 0, _options.Local.CompactionLogBytes, _logger,
                BeforeSnapshotWrite);
            _logger.Opened(directory, table.Count, generation);
            return new OpenIndex(directoryLock, table, writer);
        }
        catch
        {
            table?.Vectors.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>A search waiting for its scan.</summary>
    private sealed record PendingSearch(VectorQuery Query, ContinuationKey? After)
    {
        /// <summary>One more row than the page needs: whether it exists decides if there is a next page.</summary>
        public ScanRequest RequestIn(DocumentTable table) => new(
            Query.Vector,
            Query.Top + 1,
            [.. (Query.ExcludeIds ?? []).Select(table.RowOf).Where(row => row >= 0)],
            After);

        /// <summary>The page of <paramref name="ranked"/> (best first): results above the cut-off, and a token when more follow.</summary>
        public SearchPage PageOf(DocumentTable table, ScoredRow[] ranked)
        {
            // Ranked best first, so the cut-off keeps a prefix; the extra row decides the token as before.
            var admitted = ranked.TakeWhile(scored => Query.Admits(scored.Score)).ToArray();
            var hits = new List<SearchHit>(Math.Min(admitted.Length, Query.Top));
            foreach (var (score, row) in admitted.Take(Query.Top))
            {
                var document = table.StoredAt(row);
                hits.Add(new SearchHit(document.Id, document.Name, score, document.Metadata, document.DuplicateOf));
            }

            var token = admitted.Length > Query.Top
                ? SearchContinuation.Create(Query, hits[^1], (After?.Rank ?? 0) + hits.Count)
                : null;
            return new SearchPage(hits, token);
        }
    }

    private sealed record OpenIndex(DirectoryLock DirectoryLock, DocumentTable Table, IndexWriter Writer);
}
