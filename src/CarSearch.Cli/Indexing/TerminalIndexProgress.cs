using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CarSearch.Cli.Indexing;

/// <summary>A live Spectre.Console progress bar with files done, rate and time left, for a terminal.</summary>
public sealed class TerminalIndexProgress(IAnsiConsole console) : IIndexProgress
{
    public Task<T> ShowAsync<T>(int total, Func<Action<IndexOutcome>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new FilesColumn(),
                new RateColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                // A zero maximum would never read as finished.
                var task = context.AddTask("Indexing", maxValue: Math.Max(total, 1));
                var result = await work(_ => task.Increment(1)).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class FilesColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0} files"));
    }

    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:0.0} files/s") : "");
    }
}
