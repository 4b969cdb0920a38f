using System.ComponentModel;
using CarSearch.Cli.Serve;
using CarSearch.Cli.Up;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>The options of <c>carsearch up</c>: serve's, and where its Azurite runs.</summary>
public sealed class UpSettings : ServeSettings
{
    [CommandOption("--azurite-port <PORT>")]
    [Description("Azurite's blob port on 127.0.0.1; queue and table use the next two. An Azurite already answering there is reused. Default: 10000.")]
    [DefaultValue(LocalAzurite.DefaultBlobPort)]
    public int AzuritePort { get; init; } = LocalAzurite.DefaultBlobPort;

    [CommandOption("--azurite-location <DIR>")]
    [Description("Folder of the Azurite data (the uploaded images). Default: .azurite in the checkout.")]
    public string? AzuriteLocation { get; init; }

    public override ValidationResult Validate()
    {
        var serve = base.Validate();
        if (!serve.Successful)
        {
            return serve;
        }

        // The three ports Azurite listens on must all exist.
        return AzuritePort is < 1 or > ServeOptions.HighestPort - 2
            ? ValidationResult.Error($"--azurite-port must be from 1 to {ServeOptions.HighestPort - 2}; got {AzuritePort}.")
            : ValidationResult.Success();
    }
}
