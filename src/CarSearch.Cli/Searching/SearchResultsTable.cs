using System.Globalization;
using CarSearch.Api.Model;
using CarSearch.Core.Facets;
using Spectre.Console;

namespace CarSearch.Cli.Searching;

/// <summary>
/// Search results as a table: rank, score (cosine similarity), name, metadata (the uploader's), id, and the facets the
/// ingest found (colour, body, view); best first.
/// </summary>
public static class SearchResultsTable
{
    public const string NoResults = "No images found.";

    public static void Write(IAnsiConsole console, SearchResponse response)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Results.Count == 0)
        {
            console.WriteLine(NoResults);
            return;
        }

        var table = new Table()
            .AddColumn(new TableColumn("rank").RightAligned())
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn("name")
            .AddColumn("metadata")
            .AddColumn("id")
            .AddColumn("facets");
        for (var i = 0; i < response.Results.Count; i++)
        {
            var result = response.Results[i];
            table.AddRow(
                new Text((i + 1).ToString(CultureInfo.InvariantCulture)),
                new Text(result.Score.ToString("0.0000", CultureInfo.InvariantCulture)),
                new Text(result.Name),
                new Text(Metadata(result.Metadata)),
                new Text(result.Id),
                new Text(Facets(result.Metadata)));
        }

        console.Write(table);
    }

    /// <summary>The uploader's <c>key=value</c> pairs by key, comma-separated; the facets (<c>auto.*</c>) have their own column.</summary>
    public static string Metadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null
            ? ""
            : string.Join(", ", metadata
                .Where(pair => !AutoMetadata.IsReserved(pair.Key))
                .OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
                .Select(pair => $"{pair.Key}={pair.Value}"));

    /// <summary>Each facet's label the image has (colour, body, view), comma-separated; margins are left to <c>--json</c>.</summary>
    public static string Facets(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null
            ? ""
            : string.Join(", ", FacetSet.All
                .Select(set => metadata.FirstOrDefault(pair => pair.Key.Equals(set.LabelKey, StringComparison.OrdinalIgnoreCase)).Value)
                .OfType<string>());
}
