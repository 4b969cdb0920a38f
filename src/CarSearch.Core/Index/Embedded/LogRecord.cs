namespace CarSearch.Core.Index.Embedded;

/// <summary>One change to the index, as the log and the snapshot store it: an upsert carries the whole document.</summary>
internal readonly record struct LogRecord(LogRecord.Operation Kind, string Id, ImageDocument? Document)
{
    public enum Operation : byte
    {
        Upsert = 1,
        Delete = 2,
    }

    public static LogRecord Upsert(ImageDocument document) => new(Operation.Upsert, document.Id, document);

    public static LogRecord Delete(string id) => new(Operation.Delete, id, null);
}
