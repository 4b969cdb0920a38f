using System.Net;
using Azure.Storage.Blobs;
using CarSearch.Api;
using CarSearch.Api.Web;
using CarSearch.Cli.Infrastructure;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Hosting;
using CarSearch.Core.Index.Embedded;
using CarSearch.Core.Ingest;
using CarSearch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarSearch.Cli.Serve;

/// <summary>
/// The local host: one process with Kestrel on 127.0.0.1 serving the HTTP API (the same route table as the Functions
/// app) and the <see cref="ContainerWatcher"/> indexing the container as it changes, over the same service
/// registrations the Functions app uses.
/// </summary>
/// <remarks>
/// Not the WebJobs blob trigger: its polling source keeps a whole-second watermark that misses blobs landing in the
/// second of a scan (measured: 7 to 53 % of a burst waited for reconciliation), and its listeners end the process when
/// storage is gone for ~20 s. Azure runs the Event Grid source instead, so the polling engine bought no fidelity.
/// </remarks>
public static class ServeHost
{
    /// <summary>Builds the host; nothing runs until it is started.</summary>
    /// <param name="log">Where the log lines go (the command's standard output).</param>
    /// <param name="settings">More configuration, above the environment and below the command line (tests shorten intervals with it).</param>
    /// <param name="configureServices">Runs after the standard registrations (tests put fakes in front of a service).</param>
    public static WebApplication Build(
        ServeOptions options,
        TextWriter log,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = CarSearchCli.ApplicationName,
            EnvironmentName = Environments.Production,
            // Not the working folder: serve reads no appsettings.json from wherever it happens to be started.
            ContentRootPath = AppContext.BaseDirectory,
        });

        var configuration = builder.Configuration;
        configuration.Sources.Clear();
        configuration
            .AddInMemoryCollection(ServeConfiguration.Defaults)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings ?? [])
            .AddInMemoryCollection(ServeConfiguration.FromOptions(options));

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddProvider(new LineLoggerProvider(log, TimeProvider.System));
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));

        var services = builder.Services;
        services
            .AddCarSearchEmbeddings(configuration)
            // Always the embedded index (ServeConfiguration pins the kind to local): choosing Cosmos DB is the Functions app's.
            .AddEmbeddedVectorIndex(configuration)
            .AddCarSearchStorage(configuration)
            .AddCarSearchIngest(configuration)
            .AddCarSearchApi(configuration);

        // The initializer works before any hosted service starts; the others start in this order, before Kestrel.
        services.AddHostedService<StartupInitializer>();
        services.AddHostedService<ServeStartupReport>();
        services.AddHostedService<ContainerWatcher>();
        services.AddHostedService<ReindexQueueListener>();
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseCarSearchErrorHandling();
        app.UseCarSearchCors();
        app.MapCarSearchApi();
        app.MapCarSearchWebPage();
        return app;
    }

    /// <summary>
    /// Starts the host. A storage failure becomes a one-line <see cref="CommandLineBadInputException"/> here, where the
    /// storage's endpoint is known (<see cref="StorageAdvice"/> words it); the other failures a user causes (an index
    /// folder another process holds, a bad setting) pass through to <see cref="CarSearchCli"/>'s mapping.
    /// </summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageErrors.Classify(ex) is { } failure)
        {
            var endpoint = ServeStartupReport.ImagesEndpoint(app.Services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>());
            throw new CommandLineBadInputException(StorageAdvice.For(failure, $"the image storage at {endpoint}", endpoint));
        }
    }
}
