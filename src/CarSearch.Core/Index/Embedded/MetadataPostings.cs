namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// For each metadata key (case-insensitive) and exact value, the ids of the documents that have it, so a filter
/// finds its rows without reading every document. Keyed by id, not row, because rows move on delete.
/// </summary>
internal sealed class MetadataPostings
{
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _idsByKey = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string id, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            if (!_idsByKey.TryGetValue(key, out var byValue))
            {
                byValue = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                _idsByKey[key] = byValue;
            }

            if (!byValue.TryGetValue(value, out var ids))
            {
                ids = new HashSet<string>(StringComparer.Ordinal);
                byValue[value] = ids;
            }

            ids.Add(id);
        }
    }

    /// <summary>Forgets a document that leaves the index (deleted or replaced), under every key and value it had.</summary>
    public void Remove(string id, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            if (!_idsByKey.TryGetValue(key, out var byValue) || !byValue.TryGetValue(value, out var ids))
            {
                continue;
            }

            ids.Remove(id);
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

    /// <summary>The ids whose metadata has <paramref name="key"/> (any case) equal to <paramref name="value"/>; null when none.</summary>
    public HashSet<string>? Find(string key, string value) =>
        _idsByKey.TryGetValue(key, out var byValue) && byValue.TryGetValue(value, out var ids) ? ids : null;
}
