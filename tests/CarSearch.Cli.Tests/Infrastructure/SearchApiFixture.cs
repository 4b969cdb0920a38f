using CarSearch.Api;
using CarSearch.Cli.Commands;
using CarSearch.Cli.Searching;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Core.Ingest;
using CarSearch.Storage;
using CarSearch.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>
/// The whole way a user goes: the kit's upright images uploaded to a real Azurite by <c>carsearch index</c> (two makes,
/// as metadata), indexed by the app's own ingest (reconciliation, as at a start), and served by the HTTP API on a real
/// socket (Kestrel on 127.0.0.1), wired as a host wires it. Images with an EXIF rotation are left out: they are
/// embedded upright on purpose, so the kit's rankings do not apply to them.
/// </summary>
/// <remarks>
/// In front of the API sits a stand-in for the Functions host's key check: it records the <c>x-functions-key</c> it
/// sees and answers <see cref="RefusedFunctionKey"/> with a bare 401, as the host does.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class SearchApiFixture : IAsyncLifetime
{
    public const string Container = "search-kit";

    public const string RefusedFunctionKey = "not-the-key";

    public static readonly string[] Makes = ["Alpha", "Beta"];

    private readonly string _scratch = Directory.CreateTempSubdirectory("carsearch-search-").FullName;
    private AzuriteServer? _azurite;
    private WebApplication? _app;

    /// <summary>The indexed images by file name, with the make each was uploaded with.</summary>
    public IReadOnlyDictionary<string, string> MakeOf { get; private set; } = new Dictionary<string, string>();

    /// <summary>The app's root URL, e.g. http://127.0.0.1:41234/.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The last function key a request carried.</summary>
    public string? LastFunctionKey { get; private set; }

    public static IEnumerable<KitImage> UprightImages => KitImages.Upright;

    public async Task InitializeAsync()
    {
        _azurite = new AzuriteServer();
        MakeOf = await UploadWithTheCliAsync(_azurite.ConnectionString);
        _app = await StartApiAsync(_azurite.ConnectionString);
        var summary = await _app.Services.GetRequiredService<ReconciliationService>().RunAsync();
        Assert.True(summary.Added == MakeOf.Count, $"Reconciliation indexed {summary.Added} of {MakeOf.Count} images ({summary}).");
        Url = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/";
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _azurite?.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }

    /// <summary>Uploads half the images per make, each half from its own folder, through <c>carsearch index</c>.</summary>
    private async Task<Dictionary<string, string>> UploadWithTheCliAsync(string connectionString)
    {
        var makeOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var images = UprightImages.ToList();
        for (var m = 0; m < Makes.Length; m++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_scratch, Makes[m])).FullName;
            foreach (var image in images.Where((_, i) => i % Makes.Length == m))
            {
                File.Copy(image.Path, Path.Combine(folder, image.File));
                makeOf.Add(image.File, Makes[m]);
            }

            var result = await CliRun.InProcessAsync(
                "index", folder, "--storage", connectionString, "--container", Container, "--metadata", $"{SearchCommand.MakeField}={Makes[m]}");
            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        }

        return makeOf;
    }

    private async Task<WebApplication> StartApiAsync(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionSetting] = connectionString,
            [StorageOptions.ContainerSetting] = Container,
            [$"{ModelOptions.SectionName}:{nameof(ModelOptions.Directory)}"] = ReferenceKit.ModelDirectory,
            [$"{IndexOptions.SectionName}:{nameof(IndexOptions.Local)}:{nameof(LocalIndexOptions.Directory)}"] = Path.Combine(_scratch, "index"),
        });
        builder.Services
            .AddCarSearchStorage(builder.Configuration)
            .AddCarSearchEmbeddings(builder.Configuration)
            .AddEmbeddedVectorIndex(builder.Configuration)
            .AddCarSearchIngest(builder.Configuration)
            .AddCarSearchApi(builder.Configuration);

        var app = builder.Build();
        app.Use(CheckFunctionKeyAsync);
        app.UseCarSearchErrorHandling();
        app.MapCarSearchApi();
        await app.StartAsync();
        return app;
    }

    private async Task CheckFunctionKeyAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Headers.TryGetValue(SearchApiClient.FunctionKeyHeader, out var key))
        {
            LastFunctionKey = key.ToString();
            if (LastFunctionKey == RefusedFunctionKey)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
        }

        await next();
    }
}

[CollectionDefinition(Name)]
public sealed class WithSearchApi : ICollectionFixture<SearchApiFixture>
{
    public const string Name = "carsearch search against the API over Azurite";
}
