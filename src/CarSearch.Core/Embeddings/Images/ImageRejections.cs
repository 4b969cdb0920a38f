using System.Globalization;
using SixLabors.ImageSharp.Memory;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>Every refusal's reason and wording, in one place, in words a user understands.</summary>
internal static class ImageRejections
{
    public static ImageRejectedException Empty() => new(ImageRejectionReason.Empty, "The file is empty.");

    public static ImageRejectedException UnknownFormat() =>
        new(ImageRejectionReason.UnknownFormat,
            $"The file is not an image format we recognise; upload {ImageFormats.SupportedList}.");

    public static ImageRejectedException UnsupportedFormat(ImageFormat format) =>
        new(ImageRejectionReason.UnsupportedFormat,
            $"{format.DisplayName} images are not supported; upload {ImageFormats.SupportedList}.");

    public static ImageRejectedException UnusableHeader(ImageFormat format) =>
        new(ImageRejectionReason.Corrupt, $"The {format.Name} file's header does not describe a usable image.");

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

    public static ImageRejectedException Truncated(ImageFormat format, Exception? cause = null) =>
        new(ImageRejectionReason.Truncated,
            $"The {format.Name} file is incomplete: it ends before the image data does (an interrupted upload?).",
            cause);

    /// <summary>
    /// What an exception from ImageSharp's identify or decode means for the user. Crafted files can make decoders
    /// throw almost anything, so every exception becomes a rejection; only running out of memory is left alone.
    /// </summary>
    public static ImageRejectedException FromDecoderFailure(
        ImageFormat format, ReadOnlySpan<byte> data, Exception cause, double maxMegapixels) => cause switch
    {
        InvalidMemoryOperationException => new ImageRejectedException(
            ImageRejectionReason.TooLarge,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Decoding this {format.Name} file needs more memory than an image of at most {maxMegapixels:0.##} megapixels should."),
            cause),
        NotSupportedException => new ImageRejectedException(
            ImageRejectionReason.UnsupportedFormat,
            $"This {format.Name} file uses a feature we cannot decode ({cause.Message}); save it as a standard JPEG or PNG.",
            cause),
        _ when !format.IsComplete(data) => Truncated(format, cause),
        _ => new ImageRejectedException(
            ImageRejectionReason.Corrupt, $"The {format.Name} file is damaged and cannot be decoded.", cause),
    };

    /// <summary>Exceptions <see cref="FromDecoderFailure"/> must not swallow.</summary>
    public static bool IsDecoderFailure(Exception exception) =>
        exception is not OutOfMemoryException and not ImageRejectedException;
}
