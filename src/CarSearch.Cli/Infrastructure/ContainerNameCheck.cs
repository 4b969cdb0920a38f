using CarSearch.Storage;
using Spectre.Console;

namespace CarSearch.Cli.Infrastructure;

/// <summary>
/// The <c>--container</c> option of the commands that use blob storage: a name Azure would refuse is a usage error up
/// front, not a storage error after connecting.
/// </summary>
internal static class ContainerNameCheck
{
    public static ValidationResult Validate(string? container) =>
        container is { } name && !StorageOptions.IsValidContainerName(name)
            ? ValidationResult.Error(
                $"--container '{name}' is not a container name: {StorageOptions.ContainerNameRule}.")
            : ValidationResult.Success();
}
