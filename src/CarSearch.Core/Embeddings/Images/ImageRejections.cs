using System.Globalization;
using SixLabors.ImageSharp.Memory;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>Every refusal's reason and wording, in one place, in words a user understands.</summary>
internal static class ImageRejections
{
    public static ImageRejectedException Empty() => new(ImageRejectionReason.Empty, "The file is empty.");

    public static ImageRejectedException UnknownFormat() =>
        new(ImageRejectionReason.UnknownFormat,
            $"The file is not an image format we recognise; upload {UnsupportedImageFormats.SupportedList}.");

    public static ImageRejectedException UnsupportedFormat(string name) =>
        new(ImageRejectionReason.UnsupportedFormat,
            $"{name} images are not supported; upload {UnsupportedImageFormats.SupportedList}.");

    public static ImageRejectedException UnusableHeader(string format) =>
        new(ImageRejectionReason.Corrupt, $"The {format} file's header does not describe a usable image.");

    public static ImageRejectedException TooManyPixels(ImageHeader header, double maxMegapixels) =>
        new(ImageRejectionReason.TooLarge,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The image is {header.Megapixels:F1} megapixels ({header.Width}x{header.Height}); the limit is {maxMegapixels:0.##} megapixels."));

    public static ImageRejectedException TooElongated(ImageHeader header) =>
        new(ImageRejectionReason.TooLarge,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The image is {header.Width}x{header.Height} pixels: more elongated than {ClipResizePlan.MaxAspectRatio}:1, which cannot be resized to CLIP's square input."));

    public static ImageRejectedException Truncated(string format, Exception? cause = null) =>
        new(ImageRejectionReason.Truncated,
            $"The {format} file is incomplete: it ends before the image data does (an interrupted upload?).",
            cause);

    /// <summary>
    /// What an exception from ImageSharp's identify or decode means for the user. Crafted files can make decoders
    /// throw almost anything, so every exception becomes a rejection; only running out of memory is left alone.
    /// </summary>
    public static ImageRejectedException FromDecoderFailure(
        string format, ReadOnlySpan<byte> data, Exception cause, double maxMegapixels) => cause switch
    {
        InvalidMemoryOperationException => new ImageRejectedException(
            ImageRejectionReason.TooLarge,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Decoding this {format} file needs more memory than an image of at most {maxMegapixels:0.##} megapixels should."),
            cause),
        NotSupportedException => new ImageRejectedException(
            ImageRejectionReason.UnsupportedFormat,
            $"This {format} file uses a feature we cannot decode ({cause.Message}); save it as a standard JPEG or PNG.",
            cause),
        _ when !ImageCompleteness.IsComplete(format, data) => Truncated(format, cause),
        _ => new ImageRejectedException(
            ImageRejectionReason.Corrupt, $"The {format} file is damaged and cannot be decoded.", cause),
    };

    /// <summary>Exceptions <see cref="FromDecoderFailure"/> must not swallow.</summary>
    public static bool IsDecoderFailure(Exception exception) =>
        exception is not OutOfMemoryException and not ImageRejectedException;
}
