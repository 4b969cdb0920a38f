namespace CarSearch.Bench;

/// <summary>
/// Distinct shopper-like queries (year x colour x make x body, 51,840 of them), so every request embeds a new text:
/// nothing in the product can answer from its cache of recent texts, and the numbers are the worst case.
/// </summary>
internal static class SearchQueries
{
    private static readonly string[] Colours = ["red", "blue", "black", "white", "silver", "grey", "green", "yellow", "orange", "brown", "dark blue", "matte black"];
    private static readonly string[] Makes = ["tesla", "bmw", "audi", "volvo", "toyota", "ford", "porsche", "fiat", "honda", "kia", "mercedes", "renault", "skoda", "mazda", "jeep"];
    private static readonly string[] Bodies = ["sports car", "suv", "estate", "hatchback", "convertible", "pickup truck", "sedan", "van"];

    public static IReadOnlyList<string> All { get; } =
        [.. Colours.SelectMany(colour => Makes.SelectMany(make => Bodies.Select(body => $"{colour} {make} {body}")))
            .SelectMany(query => Enumerable.Range(1990, 36).Select(year => $"{year} {query}"))];

    /// <summary>The i-th distinct query; never one already asked, so a run that would need more fails instead of repeating.</summary>
    public static string Unique(int i) =>
        i < All.Count ? All[i] : throw new InvalidOperationException($"The bench ran out of distinct queries at {i:N0}.");
}
