using CarSearch.Core.Storage;
using System.ComponentModel;
using CarSearch.Cli.Indexing;
using CarSearch.Cli.Infrastructure;
using CarSearch.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>
/// <c>carsearch index PATH... [--storage CONNECTION] [--container NAME] [--metadata KEY=VALUE]... [--stall-timeout SECONDS]</c>: uploads image
/// files and folders (recursively) to the images' blob container, where the running app indexes them. Sends only what
/// the container lacks, so a run that was interrupted continues when run again. Exit code 0 when every file is in the
/// container, 1 when any was rejected or failed (or storage cannot be used), 2 for a usage error.
/// </summary>
public sealed class IndexCommand(CliConsole console, ArgumentsAfterSeparator afterSeparator) : AsyncCommand<IndexCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Image files and folders to upload; folders are searched recursively. Put paths that start with a dash after --.")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--storage <CONNECTION>")]
        [Description("Storage connection string, or the blob endpoint URL (https://<account>.blob.core.windows.net) to sign in with az login or a managed identity. Default: $ImagesStorage, else UseDevelopmentStorage=true (Azurite).")]
        public string? Storage { get; init; }

        [CommandOption("--container <NAME>")]
        [Description("Blob container to upload to; created if missing. Default: $ImagesContainer, else car-images.")]
        public string? Container { get; init; }

        [CommandOption("--metadata <KEY=VALUE>")]
        [Description("Metadata for every uploaded image, e.g. --metadata make=Tesla; repeatable. Added to what a blob already has.")]
        public string[] Metadata { get; init; } = [];

        [CommandOption("--stall-timeout <SECONDS>")]
        [Description("Stop the run when storage has answered nothing and taken no byte for this long (default 30); a slow upload that keeps moving is never cut.")]
        public int? StallTimeoutSeconds { get; init; }
    }

    /// <summary>The longest <c>--stall-timeout</c>: an hour without a sign of life is an outage, not a slow link.</summary>
    public const int MaxStallTimeoutSeconds = 3600;

    public override ValidationResult Validate(CommandContext context, Settings settings)
    {
        if (settings.Paths.Length + afterSeparator.Values.Count == 0)
        {
            return ValidationResult.Error("Give at least one image file or folder to upload.");
        }

        if (settings.StallTimeoutSeconds is < 1 or > MaxStallTimeoutSeconds)
        {
            return ValidationResult.Error($"--stall-timeout must be between 1 and {MaxStallTimeoutSeconds} seconds.");
        }

        return ContainerNameCheck.Validate(settings.Container);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var metadata = MetadataArguments.Parse(settings.Metadata);
        var environment = IndexEnvironment.FromProcess();
        var containerName = settings.Container ?? environment.Container ?? StorageOptions.DefaultContainer;
        if (!StorageOptions.IsValidContainerName(containerName))
        {
            throw new CommandLineBadInputException($"The {StorageOptions.ContainerSetting} setting '{containerName}' is not a container name.");
        }

        var service = StorageConnection.Open(settings.Storage ?? environment.Storage ?? StorageConnection.DevelopmentStorage);
        var target = new BlobUploadTarget(
            service.GetBlobContainerClient(containerName),
            settings.StallTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        try
        {
            await target.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException unavailable)
        {
            throw new CommandLineBadInputException(unavailable.Failure is { } failure
                ? $"{unavailable.Message} {StorageAdvice.Remedy(failure.Kind, service.Uri)}"
                : $"Cannot use the {target.Description}: {unavailable.Message}");
        }

        var plan = ImageFileFinder.Find([.. settings.Paths, .. afterSeparator.Values]);
        var check = new ImageFileCheck(environment.Ingest.MaxImageBytes, environment.Images);
        var indexer = new ImageIndexer(target, check, metadata);
        var output = OutputConsole.Create(console.Out);
        var progress = OutputConsole.IsTerminal(console.Out) ? new TerminalIndexProgress(output) : (IIndexProgress)new LineIndexProgress(console.Error);

        await console.Error.WriteLineAsync($"Uploading {plan.Files.Count} image files to the {target.Description}.").ConfigureAwait(false);
        var run = plan.Files.Count == 0
            ? await indexer.RunAsync(plan, _ => { }, cancellationToken).ConfigureAwait(false)
            : await progress.ShowAsync(plan.Files.Count, finished => indexer.RunAsync(plan, finished, cancellationToken)).ConfigureAwait(false);
        IndexSummary.Write(output, run);
        return run.Complete ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
