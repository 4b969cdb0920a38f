namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The index in memory: documents in dense rows (<see cref="DocumentRows"/>), their vectors (<see cref="VectorRows"/>), an id → row map and
/// the metadata postings (by row). A delete moves the last row into the hole, so every row is live and scans need no
/// tombstone checks. Not thread-safe: one writer mutates it under the index's write lock. While a compaction
/// writes a snapshot, the table keeps its <see cref="FrozenTableView"/> true by handing rows over before changing them.
/// </summary>
internal sealed class DocumentTable
{
    private readonly Dictionary<string, int> _rowsById = new(StringComparer.Ordinal);
    private readonly DocumentRows _documents = new();
    private readonly MetadataPostings _postings = new();

    // Representative id -> the ids naming it as their DuplicateOf: a group is listed without reading every document.
    private readonly Dictionary<string, HashSet<string>> _duplicatesByGroup = new(StringComparer.Ordinal);

    // Written by the writer (freeze) and a compaction's task (thaw); a stale read only hands a row to a finished view.
    private volatile FrozenTableView? _frozen;

    public DocumentTable(int dimensions) => Vectors = new VectorRows(dimensions);

    public VectorRows Vectors { get; }

    public int Count => _documents.Count;

    public void Apply(LogRecord record)
    {
        if (record.Kind == LogRecord.Operation.Upsert)
        {
            Upsert(record.Document!);
        }
        else
        {
            Delete(record.Id);
        }
    }

    /// <summary>
    /// Makes room for <paramref name="count"/> documents in all, before they are appended; with
    /// <paramref name="vectors"/>, for their vector rows too (a mapped snapshot brings its own).
    /// </summary>
    public void Reserve(int count, bool vectors)
    {
        _rowsById.EnsureCapacity(count);
        _documents.EnsureCapacity(count);
        if (vectors)
        {
            Vectors.Reserve(count);
        }
    }

    /// <summary>
    /// The first half of appending <paramref name="count"/> documents that are new to the table, as a snapshot holds
    /// them: decodes them on every core (<paramref name="decode"/>: record number, a buffer to put its embedding in →
    /// the document and where its bytes are kept). With <paramref name="withVectors"/> (each record holds its
    /// embedding) it adds their vector rows and quantises each embedding into its row; without, the buffer is empty
    /// and the vectors are added apart (<see cref="VectorRows.Values"/>). <see cref="AppendDecoded"/> must follow, with
    /// the result, before the next chunk's; it may run while the next chunk decodes (it touches no vector row), which
    /// keeps both cores busy while a snapshot loads.
    /// </summary>
    public EncodedDocument[] DecodeNew(int count, bool withVectors, Func<int, float[], EncodedDocument> decode)
    {
        var first = withVectors ? Vectors.AddRows(count) : 0;
        var decoded = new EncodedDocument[count];
        try
        {
            Parallel.For(
                0,
                count,
                () => new float[withVectors ? Vectors.Dimensions : 0],
                (i, _, embedding) =>
                {
                    decoded[i] = decode(i, embedding);
                    if (withVectors)
                    {
                        Vectors.Set(first + i, embedding);
                    }

                    return embedding;
                },
                _ => { });
        }
        catch (AggregateException failed)
        {
            // One damaged record is the news, as it would be read one at a time; not a bundle of its neighbours.
            throw Unwrapped(failed);
        }

        return decoded;
    }

    /// <summary>The second half of <see cref="DecodeNew"/>: the documents' rows, id map entries, postings and groups, in order.</summary>
    /// <exception cref="InvalidDataException">An id is already in the table: a snapshot holds each document once.</exception>
    public void AppendDecoded(EncodedDocument[] decoded)
    {
        foreach (var document in decoded)
        {
            if (!_rowsById.TryAdd(document.Id, _documents.Count))
            {
                throw new InvalidDataException($"Document '{document.Id}' appears twice in a snapshot.");
            }

            _postings.Add(_documents.Count, document.Keys.Metadata);
            _documents.Add(document);
            JoinGroup(document.Id, document.Keys.DuplicateOf);
        }
    }

    /// <summary>The first of the exceptions a parallel loop gathered, with its own stack trace.</summary>
    private static AggregateException Unwrapped(AggregateException failed)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.Flatten().InnerExceptions[0]).Throw();
        return failed;
    }

    public bool Contains(string id) => _rowsById.ContainsKey(id);

    /// <summary>The row of the document, or -1 (a row no search visits) when there is none.</summary>
    public int RowOf(string? id) => id is not null && _rowsById.TryGetValue(id, out var row) ? row : -1;

    /// <summary>The id of the document in <paramref name="row"/>: what equal scores are ranked by.</summary>
    public string IdAt(int row) => _documents.IdAt(row);

    /// <summary>The document as stored, without its embedding: what search hits are built from. Decoded anew if it was loaded.</summary>
    public ImageDocument StoredAt(int row) => _documents[row];

    /// <summary>A copy of the whole document: the caller may keep or change it without touching the index.</summary>
    public ImageDocument? Get(string id) =>
        _rowsById.TryGetValue(id, out var row)
            ? _documents[row] with { Embedding = Vectors.Vector(row).ToArray() }
            : null;

    /// <summary>Copies of the documents whose <see cref="ImageDocument.DuplicateOf"/> is one of the ids.</summary>
    public ImageDocument[] DuplicatesOf(IEnumerable<string> representativeIds) =>
    [
        .. representativeIds
            .Distinct(StringComparer.Ordinal)
            .SelectMany(id => _duplicatesByGroup.TryGetValue(id, out var ids) ? ids : [])
            .Select(id => Get(id)!),
    ];

    /// <summary>
    /// The entries as they are now, read as they are enumerated: taking them costs a copy of the rows (32 bytes each),
    /// not a million reads under the caller's lock; enumerating is safe while the table changes.
    /// </summary>
    public IEnumerable<IndexEntry> Entries()
    {
        var rows = _documents.Freeze();
        return Enumerable.Range(0, rows.Count).Select(rows.EntryAt);
    }

    /// <summary>Rows whose metadata matches every filter, ascending; null when there are no filters (every row).</summary>
    public int[]? RowsMatching(IReadOnlyDictionary<string, string>? filters)
    {
        if (filters is null || filters.Count == 0)
        {
            return null;
        }

        var sets = new List<HashSet<int>>(filters.Count);
        foreach (var (key, value) in filters)
        {
            var rows = _postings.Find(key, value);
            if (rows is null)
            {
                return [];
            }

            sets.Add(rows);
        }

        // Walk the rarest value's rows and probe the others: cost follows the most selective filter.
        sets.Sort((a, b) => a.Count.CompareTo(b.Count));
        var matching = new int[sets[0].Count];
        var count = 0;
        foreach (var row in sets[0])
        {
            var inAll = true;
            for (var i = 1; i < sets.Count && inAll; i++)
            {
                inAll = sets[i].Contains(row);
            }

            if (inAll)
            {
                matching[count++] = row;
            }
        }

        Array.Resize(ref matching, count);
        Array.Sort(matching);
        return matching;
    }

    /// <summary>
    /// The table as it is now, kept so while later changes go on; one at a time, until <see cref="Thaw"/>. Called by the
    /// writer between changes; the view is then read without a lock.
    /// </summary>
    public FrozenTableView Freeze()
    {
        if (_frozen is not null)
        {
            throw new InvalidOperationException("The table is already frozen for a compaction.");
        }

        var view = new FrozenTableView(_documents.Freeze(), Vectors.Blocks(), Vectors.Dimensions);
        _frozen = view;
        return view;
    }

    /// <summary>Stops keeping <paramref name="view"/> true: its snapshot is written (or abandoned).</summary>
    public void Thaw(FrozenTableView view)
    {
        if (ReferenceEquals(_frozen, view))
        {
            _frozen = null;
        }
    }

    private void Upsert(ImageDocument document)
    {
        // The stored copy owns its metadata: a caller changing its dictionary later must not change the index.
        var stored = document with
        {
            Metadata = new Dictionary<string, string>(document.Metadata, StringComparer.Ordinal).AsReadOnly(),
            Embedding = [],
        };

        if (_rowsById.TryGetValue(document.Id, out var row))
        {
            HandOverToFrozenView(row);
            var replaced = _documents[row];
            _postings.Remove(row, replaced.Metadata);
            ForgetGroup(replaced);
            _documents.Set(row, stored);
            Vectors.Set(row, document.Embedding);
        }
        else
        {
            row = _documents.Count;
            _rowsById[document.Id] = row;
            _documents.Add(stored);
            Vectors.Add(document.Embedding);
        }

        _postings.Add(row, stored.Metadata);
        JoinGroup(stored.Id, stored.DuplicateOf);
    }

    private void JoinGroup(string id, string? duplicateOf)
    {
        if (duplicateOf is { } group)
        {
            if (!_duplicatesByGroup.TryGetValue(group, out var members))
            {
                members = new HashSet<string>(StringComparer.Ordinal);
                _duplicatesByGroup[group] = members;
            }

            members.Add(id);
        }
    }

    private void ForgetGroup(ImageDocument document)
    {
        if (document.DuplicateOf is { } group && _duplicatesByGroup.TryGetValue(group, out var members)
            && members.Remove(document.Id) && members.Count == 0)
        {
            _duplicatesByGroup.Remove(group);
        }
    }

    private void Delete(string id)
    {
        if (!_rowsById.Remove(id, out var row))
        {
            return;
        }

        var last = _documents.Count - 1;
        HandOverToFrozenView(row);
        HandOverToFrozenView(last);
        var deleted = _documents[row];
        _postings.Remove(row, deleted.Metadata);
        ForgetGroup(deleted);
        if (row != last)
        {
            var moved = _documents[last];
            _postings.Remove(last, moved.Metadata);
            _postings.Add(row, moved.Metadata);
            _rowsById[moved.Id] = row;
            _documents.MoveLastTo(row);
        }
        else
        {
            _documents.RemoveLast();
        }

        Vectors.RemoveBySwappingLast(row);
    }

    /// <summary>
    /// Before a row's vector is overwritten, moved into or removed: a row appended later reuses an index that was
    /// removed (and handed over) first, so these are all the changes a frozen row's vector can see. Documents need no
    /// hand-over: the view holds its own array of them, and a document is never changed, only replaced.
    /// </summary>
    private void HandOverToFrozenView(int row)
    {
        if (_frozen is { } frozen && frozen.NeedsBeforeChange(row))
        {
            frozen.HandOver(row, Vectors.Vector(row));
        }
    }
}
