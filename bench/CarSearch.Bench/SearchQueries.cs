namespace CarSearch.Bench;

/// <summary>
/// Distinct shopper-like queries (colour x make x body), so every request embeds a new text: nothing in the product
/// can answer from a cache, and the numbers are the worst case for repeated queries.
/// </summary>
internal static class SearchQueries
{
    private static readonly string[] Colours = ["red", "blue", "black", "white", "silver", "grey", "green", "yellow", "orange", "brown", "dark blue", "matte black"];
    private static readonly string[] Makes = ["tesla", "bmw", "audi", "volvo", "toyota", "ford", "porsche", "fiat", "honda", "kia", "mercedes", "renault", "skoda", "mazda", "jeep"];
    private static readonly string[] Bodies = ["sports car", "suv", "estate", "hatchback", "convertible", "pickup truck", "sedan", "van"];

    public static IReadOnlyList<string> All { get; } =
        [.. Colours.SelectMany(colour => Makes.SelectMany(make => Bodies.Select(body => $"{colour} {make} {body}")))];
}
