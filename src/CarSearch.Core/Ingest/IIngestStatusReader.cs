namespace CarSearch.Core.Ingest;

/// <summary>Reads the ingest status for the status endpoint and the web page.</summary>
public interface IIngestStatusReader
{
    Task<IngestStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
