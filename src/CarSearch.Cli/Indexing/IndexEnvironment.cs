using System.ComponentModel.DataAnnotations;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Ingest;
using CarSearch.Storage;
using Microsoft.Extensions.Configuration;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// What <c>carsearch index</c> reads from the app settings (environment variables, as the apps take them): the storage
/// and container when no option names them, and the ingest's limits, so a file the app would refuse is refused before
/// it is uploaded. The options classes stay the one source of each setting's name, default and range.
/// </summary>
public sealed class IndexEnvironment
{
    private IndexEnvironment(string? storage, string? container, IngestOptions ingest, ImageOptions images)
    {
        Storage = storage;
        Container = container;
        Ingest = ingest;
        Images = images;
    }

    /// <summary>The <c>ImagesStorage</c> setting, when set.</summary>
    public string? Storage { get; }

    /// <summary>The <c>ImagesContainer</c> setting, when set.</summary>
    public string? Container { get; }

    /// <summary><c>CarSearch:Ingest</c>: <see cref="IngestOptions.MaxImageBytes"/> is the size limit.</summary>
    public IngestOptions Ingest { get; }

    /// <summary><c>CarSearch:Images</c>: <see cref="ImageOptions.MaxMegapixels"/> is the pixel limit.</summary>
    public ImageOptions Images { get; }

    public static IndexEnvironment FromProcess() => From(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    /// <exception cref="Infrastructure.CommandLineBadInputException">A limit is set out of its range.</exception>
    public static IndexEnvironment From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ingest = Bind<IngestOptions>(configuration, IngestOptions.SectionName);
        var images = Bind<ImageOptions>(configuration, ImageOptions.SectionName);
        return new IndexEnvironment(
            NonBlank(configuration[StorageOptions.ConnectionSetting]),
            NonBlank(configuration[StorageOptions.ContainerSetting]),
            ingest,
            images);
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException unreadable)
        {
            throw new Infrastructure.CommandLineBadInputException($"The {section} settings cannot be read: {unreadable.Message}");
        }

        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            var error = errors[0];
            throw new Infrastructure.CommandLineBadInputException(
                $"{section}:{string.Join(',', error.MemberNames)} is out of range: {error.ErrorMessage}");
        }

        return options;
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
