namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// For each metadata key (case-insensitive) and exact value, the rows of the documents that have it, so a filter
/// finds its rows without reading every document. The table moves a row's entries when the row moves.
/// </summary>
internal sealed class MetadataPostings
{
    private readonly Dictionary<string, Dictionary<string, HashSet<int>>> _idsByKey = new(StringComparer.OrdinalIgnoreCase);

    public void Add(int row, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            if (!_idsByKey.TryGetValue(key, out var byValue))
            {
                byValue = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
                _idsByKey[key] = byValue;
            }

            if (!byValue.TryGetValue(value, out var ids))
            {
                ids = [];
                byValue[value] = ids;
            }

            ids.Add(row);
        }
    }

    /// <summary>Forgets a row (its document deleted, replaced or moved) under every key and value it had.</summary>
    public void Remove(int row, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            if (!_idsByKey.TryGetValue(key, out var byValue) || !byValue.TryGetValue(value, out var ids))
            {
                continue;
            }

            ids.Remove(row);
            if (ids.Count == 0)
            {
                byValue.Remove(value);
                if (byValue.Count == 0)
                {
                    _idsByKey.Remove(key);
                }
            }
        }
    }

    /// <summary>The rows whose metadata has <paramref name="key"/> (any case) equal to <paramref name="value"/>; null when none.</summary>
    public HashSet<int>? Find(string key, string value) =>
        _idsByKey.TryGetValue(key, out var byValue) && byValue.TryGetValue(value, out var ids) ? ids : null;
}
