namespace CarSearch.Core.Facets;

/// <summary>One label set's settings: a prompt with <see cref="FacetOptions.LabelPlaceholder"/> and the labels.</summary>
public sealed class FacetLabelSetOptions
{
    /// <summary>The text each label is embedded as, e.g. "a photo of a {label} car".</summary>
    public string Prompt { get; set; } = FacetOptions.DefaultCarPrompt;

    /// <summary>
    /// The labels, comma-separated (one setting, so an app setting or environment variable holds the whole set and
    /// a configured set replaces the default instead of being merged into it). The first is the winner of a tie.
    /// </summary>
    public string Labels { get; set; } = "";

    /// <summary>The labels, trimmed, empty entries dropped, in order.</summary>
    public IReadOnlyList<string> LabelList() =>
        Labels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The text the text tower embeds for <paramref name="label"/>.</summary>
    public string PromptFor(string label) => Prompt.Replace(FacetOptions.LabelPlaceholder, label, StringComparison.Ordinal);
}
