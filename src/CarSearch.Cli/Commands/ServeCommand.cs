using CarSearch.Cli.Infrastructure;
using CarSearch.Cli.Serve;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>
/// <c>carsearch serve [--model DIR] [--port 7071] [--storage CONNECTION] [--container car-images] [--index DIR]</c>:
/// the HTTP API on 127.0.0.1 and the blob trigger indexing the container, until Ctrl+C.
/// </summary>
public sealed class ServeCommand(CliConsole console) : AsyncCommand<ServeSettings>
{
    public override ValidationResult Validate(CommandContext context, ServeSettings settings) =>
        OptionValueCheck.Validate<ServeSettings>(context.Arguments);

    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        // Resolved before anything starts: a missing model is one line and exit 1, not a failed host.
        var model = CliModelSearch.Resolve(settings.Model);
        return await RunAsync(console, settings.ToServeOptions(model.Directory), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs serve until Ctrl+C (or <paramref name="cancellationToken"/>), then saves the index and stops.</summary>
    public static async Task<int> RunAsync(CliConsole console, ServeOptions options, CancellationToken cancellationToken)
    {
        var app = ServeHost.Build(options, console.Out);
        await using (app.ConfigureAwait(false))
        {
            await ServeHost.StartAsync(app, cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        // Disposing the host disposed the index, which flushed it.
        console.Out.WriteLine("carsearch serve stopped; the index is saved.");
        return ExitCodes.Success;
    }
}
