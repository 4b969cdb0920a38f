namespace CarSearch.Core.Search;

/// <summary>No indexed image has the id the caller gave.</summary>
public sealed class ImageNotFoundException(string id)
    : Exception($"No indexed image has the id \"{id}\".")
{
    public string Id { get; } = id;
}
