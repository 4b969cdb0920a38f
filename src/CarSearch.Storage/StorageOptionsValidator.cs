using Microsoft.Extensions.Options;

namespace CarSearch.Storage;

/// <summary>Fails the app's start with a message naming the setting to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const int MinContainerNameLength = 3;
    private const int MaxContainerNameLength = 63;

    public static readonly string ContainerNameRule =
        $"{MinContainerNameLength} to {MaxContainerNameLength} lowercase letters, digits and single hyphens, starting and ending with a letter or digit";

    public static string MissingConnectionMessage =>
        $"No image storage is configured: set the app setting '{StorageOptions.ConnectionSetting}' to a storage " +
        "connection string ('UseDevelopmentStorage=true' for Azurite), or " +
        $"'{StorageOptions.ConnectionSetting}__{StorageOptions.BlobServiceUriKey}' to the blob endpoint " +
        "(https://<account>.blob.core.windows.net) to connect with the app's identity.";

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.BlobServiceUri is null)
        {
            errors.Add(MissingConnectionMessage);
        }

        if (options.BlobServiceUri is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            errors.Add(
                $"'{StorageOptions.ConnectionSetting}__{StorageOptions.BlobServiceUriKey}' is '{options.BlobServiceUri}': " +
                "expected an absolute https URL such as https://<account>.blob.core.windows.net.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.BlobServiceUri is not null && options.QueueServiceUri is null)
        {
            errors.Add(
                $"'{StorageOptions.ConnectionSetting}__{StorageOptions.QueueServiceUriKey}' is not set: with an identity-based " +
                "connection the re-index queue needs the queue endpoint too (https://<account>.queue.core.windows.net).");
        }

        if (options.QueueServiceUri is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            errors.Add(
                $"'{StorageOptions.ConnectionSetting}__{StorageOptions.QueueServiceUriKey}' is '{options.QueueServiceUri}': " +
                "expected an absolute https URL such as https://<account>.queue.core.windows.net.");
        }

        if (!IsValidContainerName(options.ReindexQueue))
        {
            // Queue names follow the container-name rule.
            errors.Add(ContainerNameMessage(StorageOptions.ReindexQueueSetting, options.ReindexQueue).Replace("a container name", "a queue name", StringComparison.Ordinal));
        }

        if (!IsValidContainerName(options.Container))
        {
            errors.Add(ContainerNameMessage(StorageOptions.ContainerSetting, options.Container));
        }

        if (!IsValidContainerName(options.LedgerContainer))
        {
            errors.Add(ContainerNameMessage($"{StorageOptions.SectionName}:{nameof(StorageOptions.LedgerContainer)}", options.LedgerContainer));
        }
        else if (string.Equals(options.LedgerContainer, options.Container, StringComparison.Ordinal))
        {
            errors.Add(
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.LedgerContainer)} must differ from " +
                $"'{StorageOptions.ContainerSetting}' ('{options.Container}'): failure records would be taken for images.");
        }

        var thumbnailSetting = $"{StorageOptions.SectionName}:{nameof(StorageOptions.ThumbnailContainer)}";
        if (!IsValidContainerName(options.ThumbnailContainer))
        {
            errors.Add(ContainerNameMessage(thumbnailSetting, options.ThumbnailContainer));
        }
        else if (options.ThumbnailContainer == options.Container || options.ThumbnailContainer == options.LedgerContainer)
        {
            errors.Add(
                $"{thumbnailSetting} must differ from '{StorageOptions.ContainerSetting}' ('{options.Container}') and from " +
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.LedgerContainer)} ('{options.LedgerContainer}'): " +
                "thumbnails would be taken for images or failure records.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Azure's rule, <see cref="ContainerNameRule"/>.</summary>
    public static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length is < MinContainerNameLength or > MaxContainerNameLength ||
            name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string ContainerNameMessage(string setting, string? value) =>
        $"'{setting}' is '{value}': a container name is {ContainerNameRule}.";
}
