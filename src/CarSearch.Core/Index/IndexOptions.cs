namespace CarSearch.Core.Index;

/// <summary>
/// Chooses the vector index and carries its settings, bound from the <c>CarSearch:Index</c> section
/// (app settings <c>CarSearch__Index__Kind</c>, <c>CarSearch__Index__Cosmos__Endpoint</c>, ...).
/// </summary>
public sealed class IndexOptions
{
    public const string SectionName = "CarSearch:Index";

    public const string LocalKind = "local";

    public const string CosmosKind = "cosmos";

    /// <summary><c>local</c> (default: the embedded on-disk index) or <c>cosmos</c>.</summary>
    public string Kind { get; set; } = LocalKind;

    /// <summary>Embedding dimension; 512 for CLIP ViT-B/32. The Cosmos vector policy is created with it.</summary>
    public int Dimensions { get; set; } = 512;

    public LocalIndexOptions Local { get; set; } = new();

    public CosmosIndexOptions Cosmos { get; set; } = new();
}

/// <summary>Settings of the embedded index.</summary>
public sealed class LocalIndexOptions
{
    /// <summary>Folder holding the index files; default under the user's local application data folder.</summary>
    public string Directory { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "carsearch", "index");

    /// <summary>
    /// The write-ahead log is folded into a fresh snapshot once it outgrows both this many bytes and the snapshot,
    /// so reopening never replays more than about twice the index's size.
    /// </summary>
    public long CompactionLogBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>Settings of the Azure Cosmos DB for NoSQL index.</summary>
public sealed class CosmosIndexOptions
{
    /// <summary>Account endpoint, e.g. https://myaccount.documents.azure.com:443/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Account key; when empty the app authenticates with DefaultAzureCredential (managed identity).</summary>
    public string? Key { get; set; }

    public string Database { get; set; } = "carsearch";

    public string Container { get; set; } = "images";

    /// <summary>Create the database and container with the vector policy at start (needs control-plane rights with keys).</summary>
    public bool CreateIfNotExists { get; set; }

    /// <summary><c>diskANN</c> (default) or <c>quantizedFlat</c>. Never <c>flat</c>: limited to 505 dimensions.</summary>
    public string VectorIndexType { get; set; } = "diskANN";
}
