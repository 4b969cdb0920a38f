using CarSearch.Cli.Infrastructure;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Cli.Up;

/// <summary>
/// Makes sure <c>carsearch up</c> has a model: the one given (<c>--model</c>, <c>CARSEARCH_MODEL_DIR</c>) or found at
/// the default place; failing that, downloads the real one with models/download.sh where the network allows, and
/// otherwise stops with one line saying how to point <c>CARSEARCH_MODEL_DIR</c> at a model folder.
/// </summary>
internal sealed class ModelSetup(
    Func<string?, ModelFolder> resolve,
    Func<string, string?> environment,
    Func<CancellationToken, Task<bool>> canDownload,
    Func<CancellationToken, Task<int?>> download)
{
    /// <summary>The download source models/download.sh uses (overridable there with the same variable).</summary>
    public const string DownloadSourceVariable = "CARSEARCH_MODEL_BASE_URL";

    public const string DefaultDownloadSource = "https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main";

    /// <summary>The model folder the reference kit ships beside a checkout, for the hint on a machine without network.</summary>
    public const string ExampleModelDirectory = "../shared/clip-reference/model";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The real thing: resolution as every command does it, a probe of the download source, the download script.</summary>
    public static ModelSetup For(Checkout checkout, TextWriter output) => new(
        Commands.CliModelSearch.Resolve,
        Environment.GetEnvironmentVariable,
        cancellationToken => SourceAnswersAsync(DownloadSource(Environment.GetEnvironmentVariable), cancellationToken),
        cancellationToken => ChildProcess.RunAsync("bash", [checkout.ModelDownloadScript], checkout.Root, output, cancellationToken));

    public static string DownloadSource(Func<string, string?> environment) =>
        environment(DownloadSourceVariable) is { Length: > 0 } source ? source : DefaultDownloadSource;

    /// <summary>The model folder to serve; throws <see cref="CommandLineBadInputException"/> when there is none and none can be had.</summary>
    public async Task<ModelFolder> EnsureAsync(string? explicitDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            return resolve(explicitDirectory);
        }
        catch (ModelNotFoundException) when (explicitDirectory is null && string.IsNullOrWhiteSpace(environment(ModelFolder.EnvironmentVariable)))
        {
            // Only the default place is filled automatically: a folder the user named that is incomplete is a mistake
            // to report (the exception says what is missing), not a reason to download 600 MB somewhere else.
        }

        var source = DownloadSource(environment);
        if (!await canDownload(cancellationToken).ConfigureAwait(false))
        {
            throw new CommandLineBadInputException(
                $"No CLIP model here, and {source} cannot be reached to download one: set {ModelFolder.EnvironmentVariable} to a model folder, e.g. {ModelFolder.EnvironmentVariable}={ExampleModelDirectory}");
        }

        output.WriteLine($"No CLIP model yet: downloading it with {Checkout.ModelDownloadCommand} (about 600 MB, once)...");
        var exitCode = await download(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new CommandLineBadInputException(
                $"{Checkout.ModelDownloadCommand} failed (exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none: bash not found"}); run it again, or set {ModelFolder.EnvironmentVariable} to a model folder.");
        }

        return resolve(null);
    }

    /// <summary>Whether the download source answers at all (any HTTP status): the network allows the download.</summary>
    private static async Task<bool> SourceAnswersAsync(string source, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = ProbeTimeout };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(source));
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
