using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>Builds the documents the contract suite stores: every field set, so a lost field shows.</summary>
public static class ContractDocuments
{
    public const string ModelId = "contract-test-model";

    public static ImageDocument Create(string name, float[] embedding, IReadOnlyDictionary<string, string>? metadata = null) =>
        new()
        {
            Id = DocumentId.FromName(name),
            Name = name,
            ContentHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(name))),
            Width = 640 + name.Length,
            Height = 480 - name.Length,
            Format = "JPEG",
            SizeBytes = 100_000 + name.Length,
            Metadata = metadata ?? new Dictionary<string, string>(),
            ModelId = ModelId,
            // Whole milliseconds in UTC: what every store keeps exactly (JSON dates, ticks).
            IndexedAt = new DateTimeOffset(2025, 6, 1, 12, 30, 15, TimeSpan.Zero).AddMilliseconds(name.Length * 7),
            FacetVersion = "facets-" + name.Length,
            Embedding = embedding,
        };
}
