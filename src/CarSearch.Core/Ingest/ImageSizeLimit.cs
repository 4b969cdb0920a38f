using System.Globalization;

namespace CarSearch.Core.Ingest;

/// <summary>
/// The refusal of a file over <see cref="IngestOptions.MaxImageBytes"/>, worded once: the ingest records it as the
/// failure, and <c>carsearch index</c> reports it for files it therefore does not upload.
/// </summary>
public static class ImageSizeLimit
{
    private const double BytesPerMegabyte = 1024 * 1024;

    /// <summary>Why a file of <paramref name="sizeBytes"/> is refused, naming the setting that would let it in.</summary>
    public static string TooLarge(long sizeBytes, long maxImageBytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"The file is {sizeBytes / BytesPerMegabyte:0.0} MB; the limit is {maxImageBytes / BytesPerMegabyte:0.##} MB ({IngestOptions.SectionName}:{nameof(IngestOptions.MaxImageBytes)}).");
}
