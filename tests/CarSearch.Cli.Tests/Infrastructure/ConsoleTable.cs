using System.Globalization;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>Reads the rows of the tables the CLI prints (Spectre box drawing, one row per line when redirected).</summary>
internal static class ConsoleTable
{
    private static readonly char[] CellSeparators = ['│', '|'];

    /// <summary>Every table row with its cells trimmed; border lines have no cells and are left out.</summary>
    public static IReadOnlyList<string[]> Rows(string output) =>
    [
        .. output.Split('\n')
            .Where(line => line.IndexOfAny(CellSeparators) >= 0)
            .Select(line => line.Split(CellSeparators, StringSplitOptions.TrimEntries)[1..^1]),
    ];

    /// <summary>The number in the row labelled <paramref name="label"/> of the index summary; fails when there is none.</summary>
    public static int Count(string output, string label)
    {
        var row = Rows(output).SingleOrDefault(cells => cells.Length == 2 && cells[0] == label);
        Assert.True(row is not null, $"No summary row '{label}' in:\n{output}");
        return int.Parse(row[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The problem rows of the index summary: file, outcome, reason.</summary>
    public static IReadOnlyList<string[]> Problems(string output) =>
        [.. Rows(output).Where(cells => cells.Length == 3 && cells[0] != "file")];
}
