namespace CarSearch.Core.Facets;

/// <summary>What the classifier made of one image: a winner per set, and the <see cref="FacetVersion"/> it was made under.</summary>
public sealed record ImageFacets(string Version, IReadOnlyList<FacetLabel> Labels);

/// <summary>One set's winner.</summary>
/// <param name="Set">The label set.</param>
/// <param name="Label">The label whose prompt embedding has the largest cosine to the image embedding.</param>
/// <param name="Margin">That cosine minus the runner-up's: near 0 means the model could hardly tell them apart.</param>
public sealed record FacetLabel(FacetSet Set, string Label, float Margin);
