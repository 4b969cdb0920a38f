using System.Globalization;
using Spectre.Console;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// The end of <c>carsearch index</c>: a table of counts (uploaded, updated, skipped, rejected, failed; files passed over
/// and not attempted when there are any), then every rejected or failed file with its reason, then what to do next.
/// </summary>
public static class IndexSummary
{
    public const string IgnoredRow = "not images (ignored)";

    public const string NotAttemptedRow = "not attempted";

    public static void Write(IAnsiConsole console, IndexRun run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);

        var counts = new Table().AddColumn("outcome").AddColumn(new TableColumn("files").RightAligned());
        foreach (var kind in Enum.GetValues<IndexOutcomeKind>())
        {
            AddCount(counts, Label(kind), run.Count(kind));
        }

        if (run.Ignored > 0)
        {
            AddCount(counts, IgnoredRow, run.Ignored);
        }

        if (run.NotAttempted > 0)
        {
            AddCount(counts, NotAttemptedRow, run.NotAttempted);
        }

        console.Write(counts);

        var problems = run.Outcomes.Where(outcome => outcome.IsProblem).ToList();
        if (problems.Count > 0)
        {
            var reasons = new Table().AddColumn("file").AddColumn("outcome").AddColumn("reason");
            foreach (var problem in problems.OrderBy(p => p.Source, StringComparer.Ordinal))
            {
                reasons.AddRow(new Text(problem.Source), new Text(Label(problem.Kind)), new Text(problem.Reason ?? ""));
            }

            console.Write(reasons);
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {ProgressLine.Duration(run.Elapsed)}."));
        if (run.StorageUnavailable is { } reason)
        {
            console.WriteLine($"Stopped: storage stopped answering ({reason}). Run the same command again to continue.");
        }
        else if (run.Interrupted)
        {
            console.WriteLine("Interrupted. Run the same command again to continue: what is already uploaded is skipped.");
        }
    }

    /// <summary>The outcome's name in the summary (lower case, as the table shows it).</summary>
    public static string Label(IndexOutcomeKind kind) => kind.ToString().ToLowerInvariant();

    private static void AddCount(Table table, string label, int count) =>
        table.AddRow(new Text(label), new Text(count.ToString(CultureInfo.InvariantCulture)));
}
