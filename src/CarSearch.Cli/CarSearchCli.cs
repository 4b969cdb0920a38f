using CarSearch.Cli.Commands;
using CarSearch.Cli.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli;

/// <summary>
/// The <c>carsearch</c> command line: the table of commands, and the one place that turns failures into exit
/// codes (1 for a bad input, 2 for a usage error) with a one-line message on stderr.
/// </summary>
public static class CarSearchCli
{
    public const string ApplicationName = "carsearch";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs one command; <paramref name="cancellationToken"/> stops a long-running one (serve) as Ctrl+C does.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (parsed, afterSeparator) = ArgumentsAfterSeparator.Split(args);
        var services = new ServiceCollection()
            // Synchronized: serve's loggers and up's child processes write from several threads at once.
            .AddSingleton(new CliConsole(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr)))
            .AddSingleton(afterSeparator);

        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName(ApplicationName);
            config.ConfigureConsole(AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
            }));
            config.UseStrictParsing();
            config.PropagateExceptions();

            config.AddCommand<TokenizeCommand>("tokenize")
                .WithDescription("Print the CLIP token ids of each TEXT as a JSON array, one line per text.")
                .WithExample("tokenize", "red tesla", "a photo of a cat")
                .WithExample("tokenize", "--", "-5 degrees and snowing");
            config.AddCommand<EmbedCommand>("embed")
                .WithDescription("Print the CLIP embedding of each --text and --image as a JSON object, one line per input, in order.")
                .WithExample("embed", "--text", "red tesla", "--image", "car.jpg");
            config.AddCommand<IndexCommand>("index")
                .WithDescription("Upload image files and folders (recursively) to the images' blob container for the running app to index; skips images already there, so a rerun continues.")
                .WithExample("index", "./photos")
                .WithExample("index", "./photos/tesla", "--metadata", "make=Tesla", "--container", "car-images");
            config.AddCommand<SearchCommand>("search")
                .WithDescription("Search a running CarSearch app by text or by photo; prints a table of results, or the API's JSON.")
                .WithExample("search", "--text", "\"red sports car\"", "--top", "5")
                .WithExample("search", "--image", "car.jpg", "--make", "Tesla", "--json");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Serve the HTTP API on 127.0.0.1 and index every image uploaded to the blob container (Azurite by default), until Ctrl+C.")
                .WithExample("serve")
                .WithExample("serve", "--port", "8080", "--container", "my-cars", "--index", "./index");
            config.AddCommand<UpCommand>("up")
                .WithDescription("Run everything from this checkout: the model (downloaded if missing), Azurite (installed with npm and started if not running), then serve. Ctrl+C stops it all.")
                .WithExample("up")
                .WithExample("up", "--port", "8080");
        });

        try
        {
            return await app.RunAsync(parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUsageError(exception))
        {
            stderr.WriteLine($"{ApplicationName}: {OneLine(exception.Message)} (see '{ApplicationName} --help')");
            return ExitCodes.UsageError;
        }
        catch (Exception exception) when (BadInputMessage(exception) is { } message)
        {
            stderr.WriteLine($"{ApplicationName}: {OneLine(message)}");
            return ExitCodes.BadInput;
        }
    }

    private static bool IsUsageError(Exception exception) =>
        exception is CommandParseException or CommandRuntimeException or CommandConfigurationException or CommandLineUsageException;

    /// <summary>
    /// The message for failures caused by what the user gave us, by type: the CLI's one mapping (storage failures are
    /// worded where their endpoint is known, with <see cref="StorageAdvice"/>, and arrive as
    /// <see cref="CommandLineBadInputException"/>); null for bugs, which should crash loudly.
    /// </summary>
    private static string? BadInputMessage(Exception exception) => exception switch
    {
        CommandLineBadInputException => exception.Message,
        // Only serve and up open the index; most likely one of them runs already on the same folder.
        Core.Index.Embedded.IndexLockedException => $"{exception.Message} Stop the other carsearch serve or up, or pass another --index.",
        Core.Embeddings.Model.ModelNotFoundException => exception.Message,
        Core.Embeddings.Images.ImageRejectedException => exception.Message,
        IOException or UnauthorizedAccessException => exception.Message,
        Microsoft.Extensions.Options.OptionsValidationException => exception.Message,
        _ => null,
    };

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
