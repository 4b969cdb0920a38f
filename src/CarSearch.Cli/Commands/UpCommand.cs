using System.Runtime.InteropServices;
using CarSearch.Cli.Infrastructure;
using CarSearch.Cli.Up;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>
/// <c>carsearch up [serve options] [--azurite-port 10000] [--azurite-location DIR]</c>: everything a fresh checkout
/// needs to search its images, in one command. Finds (or downloads) the model, installs Azurite with npm when
/// missing, starts it with its data in the checkout (or reuses one that is running), then runs serve. Ctrl+C stops
/// serve and the Azurite it started; running it again reuses the images and the index.
/// </summary>
public sealed class UpCommand(CliConsole console) : AsyncCommand<UpSettings>
{
    public override ValidationResult Validate(CommandContext context, UpSettings settings) =>
        OptionValueCheck.Validate<UpSettings>(context.Arguments);

    public override async Task<int> ExecuteAsync(CommandContext context, UpSettings settings, CancellationToken cancellationToken)
    {
        var checkout = Checkout.Find(Environment.CurrentDirectory, AppContext.BaseDirectory)
            ?? throw new CommandLineBadInputException(
                $"'carsearch up' runs from a CarSearch checkout (the folder holding {Checkout.SolutionFileName}); use 'carsearch serve' elsewhere.");

        // Ctrl+C (or SIGTERM) at any step, not only once serve runs, must still stop the Azurite started here.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn(stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn(stop));

        try
        {
            var model = await ModelSetup.For(checkout, console.Out).EnsureAsync(settings.Model, console.Out, stop.Token).ConfigureAwait(false);
            if (settings.Storage is not null)
            {
                // The caller brought their own storage: nothing to install or start.
                return await ServeCommand.RunAsync(console, settings.ToServeOptions(model.Directory, checkout.Index), stop.Token).ConfigureAwait(false);
            }

            var azurite = await LocalAzurite.StartOrReuseAsync(
                checkout, settings.AzuritePort, Path.GetFullPath(settings.AzuriteLocation ?? checkout.AzuriteData), console.Out, stop.Token)
                .ConfigureAwait(false);
            await using (azurite.ConfigureAwait(false))
            {
                var options = settings.ToServeOptions(model.Directory, checkout.Index) with { Storage = azurite.ConnectionString };
                return await ServeCommand.RunAsync(console, options, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before serve was up: what was started has been stopped on the way out.
            return ExitCodes.Success;
        }
    }

    private static Action<PosixSignalContext> StopOn(CancellationTokenSource stop) => signal =>
    {
        // Handled here: the process stays alive to stop serve and Azurite in order, then exits by itself.
        signal.Cancel = true;
        stop.Cancel();
    };
}
