using System.Globalization;

namespace CarSearch.Storage;

/// <summary>
/// Azurite's well-known development account (public, documented by Microsoft; not a secret), and the connection string
/// to an Azurite on this machine's loopback: what <c>carsearch up</c>, the tests and the benchmark connect with.
/// </summary>
public static class AzuriteAccount
{
    public const string Name = "devstoreaccount1";

    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The blob and queue services of an Azurite listening on 127.0.0.1 at these ports.</summary>
    public static string ConnectionString(int blobPort, int queuePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={Name};AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Name};QueueEndpoint=http://127.0.0.1:{queuePort}/{Name};");
}
