namespace CarSearch.Core.Facets;

/// <summary>
/// The label sets the ingest classifies every image against, bound from the <c>CarSearch:Facets</c> section: each set's
/// labels and the prompt each label is put into before the text tower embeds it. Changing any of them (or the model)
/// changes the <see cref="FacetVersion"/>, and a re-index recomputes the facets of every image made with another.
/// </summary>
public sealed class FacetOptions
{
    public const string SectionName = "CarSearch:Facets";

    /// <summary>Where a set's prompt puts the label.</summary>
    public const string LabelPlaceholder = "{label}";

    /// <summary>The prompt CLIP's authors used for zero-shot classification, with "car" as the class.</summary>
    public const string DefaultCarPrompt = "a photo of a {label} car";

    public const string DefaultColourLabels = "red, blue, black, white, silver, grey, green, yellow, orange, brown";

    public const string DefaultBodyLabels = "sedan, SUV, hatchback, pickup truck, van, convertible, coupe, wagon";

    public const string DefaultViewPrompt = "a photo of a car from the {label}";

    public const string DefaultViewLabels = "front, side, rear";

    /// <summary>The car's colour: <c>auto.colour</c>.</summary>
    public FacetLabelSetOptions Colour { get; set; } = new() { Prompt = DefaultCarPrompt, Labels = DefaultColourLabels };

    /// <summary>The body type: <c>auto.body</c>.</summary>
    public FacetLabelSetOptions Body { get; set; } = new() { Prompt = DefaultCarPrompt, Labels = DefaultBodyLabels };

    /// <summary>Which side the photo shows: <c>auto.view</c>.</summary>
    public FacetLabelSetOptions View { get; set; } = new() { Prompt = DefaultViewPrompt, Labels = DefaultViewLabels };
}
