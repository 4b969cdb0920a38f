namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The table's documents by row, without their embeddings. A document written since the index opened is held as the
/// object; a document loaded from the snapshot is held as its record's bytes (<see cref="DocumentCodec"/>, the
/// embedding cut out) in a large array shared by the documents of one loaded chunk, and decoded when it is read (a
/// search decodes only its hits). A million documents as objects are a dozen million objects, which the collector
/// copied while they loaded (2 of the 5 s a reopen took) and walks in every full collection after; as bytes they
/// are one id string each and a quarter of the memory. Not thread-safe: the table changes it under the index's
/// write lock; a <see cref="Frozen"/> copy may be read from any thread.
/// </summary>
internal sealed class DocumentRows
{
    private readonly List<Slot> _slots = [];

    public int Count => _slots.Count;

    /// <summary>The document of <paramref name="row"/>, without its embedding; decoded anew for a loaded one.</summary>
    public ImageDocument this[int row] => _slots[row].Document();

    /// <summary>The id of the document in <paramref name="row"/>, without decoding it.</summary>
    public string IdAt(int row) => _slots[row].Id;

    public void EnsureCapacity(int count) => _slots.Capacity = Math.Max(_slots.Capacity, count);

    /// <summary>Appends a document the table stores (its embedding empty, its metadata its own).</summary>
    public void Add(ImageDocument document) => _slots.Add(Slot.Of(document));

    /// <summary>Appends a loaded document held as <paramref name="encoded"/>'s bytes.</summary>
    public void Add(EncodedDocument encoded) =>
        _slots.Add(new Slot(encoded.Id, null, encoded.Bytes, encoded.Offset, encoded.Length));

    public void Set(int row, ImageDocument document) => _slots[row] = Slot.Of(document);

    /// <summary>Moves the last row's document into <paramref name="row"/> as it is held, and drops the last row.</summary>
    public void MoveLastTo(int row)
    {
        _slots[row] = _slots[^1];
        _slots.RemoveAt(_slots.Count - 1);
    }

    public void RemoveLast() => _slots.RemoveAt(_slots.Count - 1);

    /// <summary>The rows as they are now: 32 bytes a row copied, no document decoded or copied.</summary>
    public Frozen Freeze() => new([.. _slots]);

    /// <summary>The rows at one moment, readable on any thread while the table goes on changing.</summary>
    public sealed class Frozen(Slot[] slots)
    {
        public int Count => slots.Length;

        public ImageDocument this[int row] => slots[row].Document();

        /// <summary>The row's listing entry; for a loaded document, read from its bytes without decoding the rest.</summary>
        public IndexEntry EntryAt(int row)
        {
            var slot = slots[row];
            return slot.Stored is { } stored
                ? IndexEntry.Of(stored)
                : DocumentCodec.ReadEncodedEntry(slot.Id, slot.Bytes!, slot.Offset, slot.Length);
        }

        /// <summary>Writes the row's document as an upsert with <paramref name="embedding"/>; a loaded one without decoding it.</summary>
        public void WriteUpsert(int row, BinaryWriter writer, ReadOnlySpan<float> embedding)
        {
            var slot = slots[row];
            if (slot.Stored is { } stored)
            {
                DocumentCodec.WriteUpsert(writer, stored, embedding);
            }
            else
            {
                DocumentCodec.WriteEncodedUpsert(writer, slot.Bytes.AsSpan(slot.Offset, slot.Length), embedding);
            }
        }
    }

    /// <summary>A row's document: the object, or where its bytes are. Bytes are never changed once loaded.</summary>
    internal readonly record struct Slot(string Id, ImageDocument? Stored, byte[]? Bytes, int Offset, int Length)
    {
        public static Slot Of(ImageDocument document) => new(document.Id, document, null, 0, 0);

        public ImageDocument Document() => Stored ?? DocumentCodec.ReadEncoded(Bytes!, Offset, Length);
    }
}

/// <summary>A snapshot's document as loaded: its keys (for the id map, postings and groups) and where its bytes are kept.</summary>
internal readonly record struct EncodedDocument(DocumentKeys Keys, byte[] Bytes, int Offset, int Length)
{
    public string Id => Keys.Id;
}

/// <summary>What the table's maps need of a document: its id, its metadata (postings) and the group it names (duplicates).</summary>
internal readonly record struct DocumentKeys(string Id, IReadOnlyDictionary<string, string> Metadata, string? DuplicateOf);
