namespace CarSearch.Core.Facets;

/// <summary>
/// One label set: its name, the metadata keys the ingest stores its winner and margin under, and where its settings
/// are. The sets are fixed (<see cref="All"/>) so the keys a client filters and counts on are too.
/// </summary>
/// <param name="Name">"colour", "body" or "view".</param>
/// <param name="Settings">Its settings within <see cref="FacetOptions"/>.</param>
public sealed record FacetSet(string Name, Func<FacetOptions, FacetLabelSetOptions> Settings)
{
    public static FacetSet Colour { get; } = new("colour", options => options.Colour);

    public static FacetSet Body { get; } = new("body", options => options.Body);

    public static FacetSet View { get; } = new("view", options => options.View);

    /// <summary>Every set, in the order the ingest stores and the API counts them.</summary>
    public static IReadOnlyList<FacetSet> All { get; } = [Colour, Body, View];

    /// <summary>The metadata key of the winning label, e.g. <c>auto.colour</c>: what a search filters and counts on.</summary>
    public string LabelKey => AutoMetadata.Prefix + Name;

    /// <summary>The metadata key of the winner's margin over the runner-up, e.g. <c>auto.colour.margin</c>.</summary>
    public string MarginKey => LabelKey + ".margin";

    /// <summary>The setting's name in configuration, for messages, e.g. <c>CarSearch:Facets:Colour</c>.</summary>
    public string SettingName => $"{FacetOptions.SectionName}:{char.ToUpperInvariant(Name[0])}{Name[1..]}";
}
