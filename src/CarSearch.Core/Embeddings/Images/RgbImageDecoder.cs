using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// ImageSharp set up for untrusted uploads: only the formats <see cref="ImageFormats"/> supports, first frames only, metadata-heavy chunks
/// skipped where they can be bombs, and a cap on any single buffer. Decodes to upright 8-bit RGB with the
/// reference's conversion rules.
/// </summary>
internal sealed class RgbImageDecoder
{
    /// <summary>
    /// Largest decode buffer per pixel we allow for: 6 bytes (16-bit RGB) plus headroom for decoder work buffers.
    /// </summary>
    private const int BufferBytesPerPixel = 8;

    /// <summary>Floor for the buffer cap so small limits still leave room for decoders' fixed-size buffers.</summary>
    private const int MinimumBufferMegabytes = 64;

    public RgbImageDecoder(double maxMegapixels)
    {
        var bufferMegabytes = (int)Math.Ceiling(maxMegapixels * 1_000_000 * BufferBytesPerPixel / (1024 * 1024));
        Configuration = ImageFormats.DecodingConfiguration();

        // Throughput comes from preprocessing many images at once; splitting one image's decode and rotation across
        // the shared thread pool made them 2-10x slower on a busy 2-core machine (measured).
        Configuration.MaxDegreeOfParallelism = 1;

        // A header can lie; this stops any one allocation (frames, scanlines, coefficients) past what an image within
        // the pixel limit needs, so a crafted file fails with an exception instead of exhausting memory.
        Configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = Math.Max(bufferMegabytes, MinimumBufferMegabytes),
        });

        // The reference takes the first frame of an animation or multi-page file; the rest would only cost memory.
        Configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        Configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });

        // PNG text and ICC chunks are zlib streams ImageSharp 2.1 inflates without a bound (a decompression bomb);
        // none of them changes pixels. The cost: an eXIf orientation in a PNG (rare; cameras write JPEG) is not applied.
        Configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
    }

    public Configuration Configuration { get; }

    public IImageInfo? Identify(ReadOnlyMemory<byte> data)
    {
        using var stream = AsStream(data);
        return Image.Identify(Configuration, stream);
    }

    /// <summary>
    /// The first frame as 8-bit RGB, EXIF orientation applied. Alpha is dropped without compositing, grey is
    /// replicated, palettes are looked up, and 16-bit channels keep their high byte, as Pillow's
    /// <c>convert("RGB")</c> does.
    /// </summary>
    public Image<Rgb24> Decode(ReadOnlyMemory<byte> data, ImageFormat format, bool sixteenBitChannels)
    {
        if (format == ImageFormats.Gif)
        {
            return DecodeGif(data);
        }

        if (format == ImageFormats.Png)
        {
            InterlacedPngData.ThrowIfUndecodable(data);
        }

        // TIFF samples may be 8 or 16 bits (the header does not say which without parsing every IFD), so TIFFs always
        // take the 16-bit path: 8-bit samples widen to v * 257, whose high byte is v again.
        using var stream = AsStream(data);
        if (!sixteenBitChannels && format != ImageFormats.Tiff)
        {
            return Upright(Image.Load<Rgb24>(Configuration, stream));
        }

        // ImageSharp's own 16 to 8 bit conversion rounds ((v * 255 + 32895) >> 16); Pillow keeps the high byte.
        using var wide = Upright(Image.Load<Rgb48>(Configuration, stream));
        return HighBytes(wide);
    }

    private Image<Rgb24> DecodeGif(ReadOnlyMemory<byte> gif)
    {
        var scan = GifFirstFrame.Read(gif.Span);
        using var stream = AsStream(GifPillowCompatibility.WithoutTransparency(gif, scan));
        var image = Image.Load<Rgb24>(Configuration, stream);
        try
        {
            GifPillowCompatibility.FillOutsideFrame(image, gif.Span, scan);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static Image<TPixel> Upright<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private Image<Rgb24> HighBytes(Image<Rgb48> wide)
    {
        var narrow = new Image<Rgb24>(Configuration, wide.Width, wide.Height);
        wide.ProcessPixelRows(narrow, (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                var from = MemoryMarshal.Cast<Rgb48, ushort>(source.GetRowSpan(y));
                var to = MemoryMarshal.AsBytes(target.GetRowSpan(y));
                for (var i = 0; i < from.Length; i++)
                {
                    to[i] = (byte)(from[i] >> 8);
                }
            }
        });
        return narrow;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}
