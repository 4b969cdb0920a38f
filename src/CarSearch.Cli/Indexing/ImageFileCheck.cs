using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Ingest;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// The ingest's own refusals, made before upload: over <see cref="IngestOptions.MaxImageBytes"/>, or not an image the
/// preprocessor accepts from its header (format, pixel limit, truncation). A file refused here would only be recorded
/// as an ingest failure after the upload, so it is not uploaded at all.
/// </summary>
public sealed class ImageFileCheck(long maxImageBytes, ImageOptions images)
{
    private readonly ImagePreprocessor _preprocessor = new(images);

    public long MaxImageBytes { get; } = maxImageBytes;

    /// <summary>Why a file of <paramref name="length"/> bytes is refused; null when its size is fine.</summary>
    public string? SizeProblem(long length) =>
        length <= MaxImageBytes ? null : ImageSizeLimit.TooLarge(length, MaxImageBytes);

    /// <summary>Why the content is refused (the preprocessor's reason, from the header alone); null when it is an image we take.</summary>
    public string? ContentProblem(ReadOnlyMemory<byte> content)
    {
        if (SizeProblem(content.Length) is { } tooLarge)
        {
            return tooLarge;
        }

        try
        {
            _preprocessor.Identify(content);
            return null;
        }
        catch (ImageRejectedException rejected)
        {
            return rejected.Message;
        }
    }
}
