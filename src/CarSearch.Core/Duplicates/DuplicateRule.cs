using System.Numerics.Tensors;
using CarSearch.Core.Index;

namespace CarSearch.Core.Duplicates;

/// <summary>
/// What makes two images near-duplicates and how their groups are kept, in one place. An image whose cosine to an
/// indexed image of another id (and the same model) is at least the threshold is that image's duplicate: its
/// <see cref="ImageDocument.DuplicateOf"/> names the group's representative. Groups are flat (a duplicate never points
/// at a duplicate) and named by the representative's id, so a group is "the representative and every document naming
/// it". When a representative leaves its group (deleted, refused, or re-ingested as a different picture) the group
/// gets a <see cref="SuccessorOf">successor</see>; when it joins another group, its members follow it.
/// </summary>
public static class DuplicateRule
{
    /// <summary>
    /// 0.98: a re-encode, a resize or a light crop of one photo stays above it with CLIP ViT-B/32, while two photos of
    /// the same car model from different angles stay well below.
    /// </summary>
    public const double DefaultThreshold = 0.98;

    /// <summary>The group a document belongs to: its representative's id, its own when it is no one's duplicate.</summary>
    public static string GroupOf(string id, string? duplicateOf) => duplicateOf ?? id;

    /// <inheritdoc cref="GroupOf(string, string?)"/>
    public static string GroupOf(ImageDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return GroupOf(document.Id, document.DuplicateOf);
    }

    /// <inheritdoc cref="GroupOf(string, string?)"/>
    public static string GroupOf(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return GroupOf(hit.Id, hit.DuplicateOf);
    }

    /// <summary>The cosine similarity the rule compares with the threshold and ranks members by.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.CosineSimilarity(a, b);

    /// <summary>
    /// Who represents a group whose representative left: the member with the lowest id (ordinal). Any fixed choice
    /// would do; this one needs no clock and every instance makes the same.
    /// </summary>
    public static ImageDocument SuccessorOf(IEnumerable<ImageDocument> members) =>
        members.MinBy(member => member.Id, StringComparer.Ordinal)
        ?? throw new ArgumentException("A group without members has no successor.", nameof(members));

    /// <summary>
    /// Whether a document's metadata passes a search's filters as the indexes apply them: every filter's key present
    /// (any case) with exactly its value.
    /// </summary>
    public static bool Matches(IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string>? filters) =>
        filters is null
        || filters.All(filter => metadata.Any(field =>
            string.Equals(field.Key, filter.Key, StringComparison.OrdinalIgnoreCase)
            && string.Equals(field.Value, filter.Value, StringComparison.Ordinal)));
}
