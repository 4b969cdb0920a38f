using System.Globalization;

namespace CarSearch.Core.Facets;

/// <summary>
/// The <c>auto.</c> metadata keys are the classifier's: an image's facets are stored as ordinary metadata
/// (<c>auto.colour=red</c>, <c>auto.colour.margin=0.0123</c>), so every search filters on them like on any field,
/// and a user's own key starting with <c>auto.</c> (any case) is dropped at ingest rather than mixed with them.
/// (Blob metadata names cannot hold a dot, so only a store other than Azure Storage could bring one.)
/// </summary>
public static class AutoMetadata
{
    public const string Prefix = "auto.";

    /// <summary>Whether a metadata key is the classifier's.</summary>
    public static bool IsReserved(string key) => key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The document's metadata: the user's (keys case-insensitive, a later duplicate differing only in case wins,
    /// reserved keys dropped) plus each set's winner and margin (4 decimals).
    /// </summary>
    public static Dictionary<string, string> Combine(IReadOnlyDictionary<string, string> userMetadata, ImageFacets facets)
    {
        ArgumentNullException.ThrowIfNull(userMetadata);
        ArgumentNullException.ThrowIfNull(facets);
        var combined = new Dictionary<string, string>(userMetadata.Count + 2 * facets.Labels.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in userMetadata)
        {
            if (!IsReserved(key))
            {
                combined[key] = value;
            }
        }

        foreach (var facet in facets.Labels)
        {
            combined[facet.Set.LabelKey] = facet.Label;
            combined[facet.Set.MarginKey] = facet.Margin.ToString("F4", CultureInfo.InvariantCulture);
        }

        return combined;
    }
}
