using CarSearch.Tests;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>
/// What the tests share, started once: a real Azurite, and a Functions host whose container holds every kit image,
/// uploaded with metadata and indexed through the blob trigger function. Tests that change data start their own host.
/// </summary>
public sealed class FunctionsEnvironment : IAsyncLifetime
{
    public const string MakeField = "make";

    public const string MakeValue = "Kit";

    public const string FormatField = "format";

    private FunctionsTestHost? _kit;

    public AzuriteServer Azurite { get; } = new();

    /// <summary>Read-only for the tests: every kit image indexed, nothing else.</summary>
    public FunctionsTestHost Kit => _kit ?? throw new InvalidOperationException("The kit host has not started.");

    public static Dictionary<string, string> MetadataOf(KitImage image) => new()
    {
        [MakeField] = MakeValue,
        [FormatField] = image.Format,
    };

    public async Task InitializeAsync()
    {
        _kit = await FunctionsTestHost.StartAsync(Azurite);
        foreach (var image in KitCatalog.Images)
        {
            await _kit.UploadAsync(image.File, image.ReadBytes(), MetadataOf(image));
            await _kit.IngestAsync(image.File);
        }
    }

    public async Task DisposeAsync()
    {
        if (_kit is not null)
        {
            await _kit.DisposeAsync();
        }

        Azurite.Dispose();
    }
}

/// <summary>Tests over the shared Azurite and kit host; xunit runs them one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class WithAzurite : ICollectionFixture<FunctionsEnvironment>
{
    public const string Name = "Functions over Azurite";
}
