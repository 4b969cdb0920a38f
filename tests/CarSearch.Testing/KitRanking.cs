using System.Text.Json.Serialization;

namespace CarSearch.Tests;

/// <summary>One entry of the kit's rankings.json: the images in reference order for a text, with their cosines.</summary>
public sealed record KitRanking(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("images")] string[] Images,
    [property: JsonPropertyName("cosine")] double[] Cosine);
