namespace CarSearch.Cli.Searching;

/// <summary>One search to send: by <see cref="Text"/> or by the image file at <see cref="ImagePath"/>, never both.</summary>
/// <param name="Top">Results wanted, 1 to the API's maximum.</param>
/// <param name="Filters">Metadata equality filters (make=Tesla), sent as the API's extra query parameters.</param>
public sealed record SearchQuery(string? Text, string? ImagePath, int Top, IReadOnlyDictionary<string, string> Filters);
