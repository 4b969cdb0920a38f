using System.ComponentModel;
using CarSearch.Cli.Infrastructure;
using CarSearch.Cli.Serve;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>The options of <c>carsearch serve</c> (and of <c>carsearch up</c>, which runs serve).</summary>
public class ServeSettings : ModelSettings
{
    [CommandOption("--port <PORT>")]
    [Description("TCP port on 127.0.0.1, the one 'func start' uses by default; 0 picks a free one. Default: 7071.")]
    [DefaultValue(ServeOptions.DefaultPort)]
    public int Port { get; init; } = ServeOptions.DefaultPort;

    [CommandOption("--storage <CONNECTION>")]
    [Description("Storage connection string of the images (app setting ImagesStorage). Default: $ImagesStorage, else UseDevelopmentStorage=true (Azurite).")]
    public string? Storage { get; init; }

    [CommandOption("--container <NAME>")]
    [Description("Blob container to index; created if missing (app setting ImagesContainer). Default: car-images.")]
    public string? Container { get; init; }

    [CommandOption("--index <DIR>")]
    [Description("Folder of the embedded index. Default: carsearch/index under the user's local data folder.")]
    public string? Index { get; init; }

    public override ValidationResult Validate()
    {
        if (Port is < 0 or > ServeOptions.HighestPort)
        {
            return ValidationResult.Error($"--port must be from 0 to {ServeOptions.HighestPort}; got {Port}.");
        }

        return ContainerNameCheck.Validate(Container);
    }

    /// <summary>The options for <see cref="ServeHost"/>, with the model folder already resolved.</summary>
    public ServeOptions ToServeOptions(string modelDirectory, string? defaultIndexDirectory = null) =>
        new(modelDirectory, Port, Storage, Container, Index ?? defaultIndexDirectory);
}
