using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Turns uploaded image bytes into CLIP's input tensor exactly as the reference pipeline (Pillow 9.4) does, except
/// that EXIF orientation is applied so phone photos come out upright. Checks the header before decoding and refuses
/// bad input with an <see cref="ImageRejectedException"/>. Thread-safe; meant to be a singleton.
/// </summary>
public sealed class ImagePreprocessor
{
    private const int SquareBytes = ClipConstants.ImageSize * ClipConstants.ImageSize * 3;

    private readonly double _maxMegapixels;
    private readonly RgbImageDecoder _decoder;

    public ImagePreprocessor(ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.MaxMegapixels > 0 && options.MaxMegapixels <= ImageOptions.HighestMaxMegapixels))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.MaxMegapixels,
                $"{ImageOptions.SectionName}:{nameof(ImageOptions.MaxMegapixels)} must be above 0 and at most {ImageOptions.HighestMaxMegapixels}.");
        }

        _maxMegapixels = options.MaxMegapixels;
        _decoder = new RgbImageDecoder(_maxMegapixels);
    }

    [ActivatorUtilitiesConstructor]
    public ImagePreprocessor(IOptions<ImageOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>Reads and validates the header (format, size, orientation) without decoding pixels.</summary>
    public ImageHeader Identify(ReadOnlyMemory<byte> bytes) => Inspect(bytes).Header;

    /// <summary>
    /// As <see cref="Identify(ReadOnlyMemory{byte})"/>, reading the stream to its end (the truncation check needs the
    /// whole file); bounding the upload size is the caller's job.
    /// </summary>
    public ImageHeader Identify(Stream stream) => Identify(ReadAll(stream));

    /// <summary>Validates, decodes and preprocesses one image into a new CHW float32 tensor.</summary>
    public PreprocessedImage Preprocess(ReadOnlyMemory<byte> bytes)
    {
        var pixels = new float[ClipConstants.PixelCount];
        var header = Preprocess(bytes, pixels);
        return new PreprocessedImage(pixels, header);
    }

    /// <summary>
    /// As <see cref="Preprocess(ReadOnlyMemory{byte})"/>, and makes the <see cref="ImageThumbnail"/> from the same
    /// decoded bitmap (after the tensor, which it does not touch). A thumbnail that cannot be made leaves
    /// <see cref="PreprocessedImage.Thumbnail"/> null rather than failing the image: the tensor is what indexing needs.
    /// </summary>
    /// <param name="pixels">
    /// Where the tensor goes (<see cref="ClipConstants.PixelCount"/> floats, all overwritten), so a caller can reuse one
    /// buffer per image in flight; a new array when null.
    /// </param>
    public PreprocessedImage PreprocessWithThumbnail(ReadOnlyMemory<byte> bytes, float[]? pixels = null)
    {
        if (pixels is not null && pixels.Length != ClipConstants.PixelCount)
        {
            throw new ArgumentException(
                $"The pixel buffer holds {pixels.Length} floats; one image needs exactly {ClipConstants.PixelCount}.", nameof(pixels));
        }

        pixels ??= new float[ClipConstants.PixelCount];
        ImageThumbnail? thumbnail = null;
        Exception? failure = null;
        var header = Preprocess(bytes, pixels, image =>
        {
            // Any failure here is the encoder's or memory's, not the image's (it decoded): the image is still indexed,
            // and the thumbnail route makes the thumbnail again on first request.
            try
            {
                thumbnail = ImageThumbnail.From(image);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failure = ex;
            }
        });
        return new PreprocessedImage(pixels, header, thumbnail, failure);
    }

    /// <summary>
    /// Validates and decodes one image and makes only its <see cref="ImageThumbnail"/> (for an image indexed before
    /// thumbnails were kept).
    /// </summary>
    /// <exception cref="ImageRejectedException">As for <see cref="Preprocess(ReadOnlyMemory{byte})"/>.</exception>
    public ImageThumbnail Thumbnail(ReadOnlyMemory<byte> bytes)
    {
        using var image = Decode(bytes, Inspect(bytes));
        return ImageThumbnail.From(image);
    }

    /// <summary>As <see cref="Preprocess(ReadOnlyMemory{byte})"/>, reading the stream from its position to its end.</summary>
    public PreprocessedImage Preprocess(Stream stream) => Preprocess(ReadAll(stream));

    /// <summary>
    /// Validates, decodes and preprocesses one image into <paramref name="destination"/> (at least
    /// <see cref="ClipConstants.PixelCount"/> floats, e.g. one slot of a batch buffer).
    /// </summary>
    public ImageHeader Preprocess(ReadOnlyMemory<byte> bytes, Span<float> destination) => Preprocess(bytes, destination, null);

    /// <param name="alsoFromDecoded">Runs on the decoded upright bitmap once the tensor is made, before it is freed.</param>
    private ImageHeader Preprocess(ReadOnlyMemory<byte> bytes, Span<float> destination, Action<Image<Rgb24>>? alsoFromDecoded)
    {
        if (destination.Length < ClipConstants.PixelCount)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} floats; one image needs {ClipConstants.PixelCount}.",
                nameof(destination));
        }

        var inspection = Inspect(bytes);
        using var image = Decode(bytes, inspection);
        var plan = ClipResizePlan.For(image.Width, image.Height);
        var square = ArrayPool<byte>.Shared.Rent(SquareBytes);
        try
        {
            PilBicubicResampler.ResizeWindow(
                image.Width,
                image.Height,
                RgbRows.Of(image),
                plan.ResizedWidth,
                plan.ResizedHeight,
                plan.Crop,
                square);
            ClipPixelNormalizer.ToChw(square.AsSpan(0, SquareBytes), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(square);
        }

        alsoFromDecoded?.Invoke(image);
        return inspection.Header;
    }

    private Inspection Inspect(ReadOnlyMemory<byte> bytes)
    {
        var data = bytes.Span;
        if (data.IsEmpty)
        {
            throw ImageRejections.Empty();
        }

        var format = ImageFormats.Detect(data) ?? throw ImageRejections.UnknownFormat();
        if (!format.IsSupported)
        {
            throw ImageRejections.UnsupportedFormat(format);
        }

        IImageInfo? info;
        try
        {
            info = _decoder.Identify(bytes);
        }
        catch (Exception ex) when (ImageRejections.IsDecoderFailure(ex))
        {
            throw ImageRejections.FromDecoderFailure(format, data, ex, _maxMegapixels);
        }

        if (info is null || info.Width < 1 || info.Height < 1)
        {
            throw ImageRejections.UnusableHeader(format);
        }

        var orientation = OrientationOf(info);
        var header = orientation >= 5
            ? new ImageHeader(format.Name, info.Height, info.Width, orientation)
            : new ImageHeader(format.Name, info.Width, info.Height, orientation);
        if (header.Megapixels > _maxMegapixels)
        {
            throw ImageRejections.TooManyPixels(header, _maxMegapixels);
        }

        if (!ClipResizePlan.Supports(header.Width, header.Height))
        {
            throw ImageRejections.TooElongated(header);
        }

        if (!format.IsComplete(data))
        {
            throw ImageRejections.Truncated(format);
        }

        var sixteenBit = format == ImageFormats.Png && info.Metadata.GetPngMetadata().BitDepth == PngBitDepth.Bit16;
        return new Inspection(header, format, sixteenBit);
    }

    private Image<Rgb24> Decode(ReadOnlyMemory<byte> bytes, Inspection inspection)
    {
        var format = inspection.Format;
        try
        {
            return _decoder.Decode(bytes, format, inspection.SixteenBitChannels);
        }
        catch (Exception ex) when (ImageRejections.IsDecoderFailure(ex))
        {
            throw ImageRejections.FromDecoderFailure(format, bytes.Span, ex, _maxMegapixels);
        }
    }

    /// <summary>EXIF orientation 1 to 8; anything else (absent, 0, out of range) means as stored.</summary>
    private static int OrientationOf(IImageInfo info)
    {
        var value = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 1 and <= 8 ? value : 1;
    }

    private static ReadOnlyMemory<byte> ReadAll(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            return buffer.AsMemory((int)memory.Position);
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private readonly record struct Inspection(ImageHeader Header, ImageFormat Format, bool SixteenBitChannels);
}
