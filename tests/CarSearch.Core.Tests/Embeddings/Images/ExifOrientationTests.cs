using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>
/// Phone photos must come out upright: a deliberate departure from the reference, which ignores EXIF orientation.
/// Expected pictures are built here by moving pixels with the EXIF definitions, independently of the code under test.
/// </summary>
public sealed class ExifOrientationTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    public static TheoryData<int> Orientations() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(KitImages.RotatedData), MemberType = typeof(KitImages))]
    public void KitPhotoComesOutUpright(KitImage image)
    {
        var bytes = image.ReadBytes();
        using var stored = Image.Load<Rgb24>(bytes);
        using var upright = Displayed(stored, image.ExifOrientation());

        var result = Preprocessor.Preprocess(bytes).Pixels;

        Assert.Equal(Preprocessor.Preprocess(Png(upright)).Pixels, result);
    }

    [Theory]
    [MemberData(nameof(KitImages.RotatedData), MemberType = typeof(KitImages))]
    public void KitPhotoDiffersFromTheReferenceOnlyByItsRotation(KitImage image)
    {
        // The reference kept the stored grid; the same stored pixels without EXIF come close to it (JPEG decoders
        // differ a little), while the upright result does not.
        using var stored = Image.Load<Rgb24>(image.ReadBytes());
        var reference = image.ReadReference();

        var asStored = TensorDifference.MeanAbsolute(Preprocessor.Preprocess(Png(stored)).Pixels, reference);
        var upright = TensorDifference.MeanAbsolute(Preprocessor.Preprocess(image.ReadBytes()).Pixels, reference);

        Assert.True(asStored <= 0.01, $"stored grid differs from the reference by {asStored}");
        Assert.True(upright > 0.1, $"upright result differs from the reference by only {upright}");
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void EveryOrientationIsApplied(int orientation)
    {
        var jpeg = AsymmetricJpeg(orientation);
        using var stored = Image.Load<Rgb24>(jpeg);
        using var upright = Displayed(stored, orientation);

        var result = Preprocessor.Preprocess(jpeg);

        Assert.Equal(orientation, result.Header.Orientation);
        Assert.Equal((upright.Width, upright.Height), (result.Header.Width, result.Header.Height));
        Assert.Equal(Preprocessor.Preprocess(Png(upright)).Pixels, result.Pixels);
    }

    [Fact]
    public void OrientationsGiveDistinctPictures()
    {
        // Guards the test above: if the picture were symmetric, a wrong rotation could pass unnoticed.
        var tensors = Enumerable.Range(1, 8).Select(o => Preprocessor.Preprocess(AsymmetricJpeg(o)).Pixels).ToList();

        for (var a = 0; a < tensors.Count; a++)
        {
            for (var b = a + 1; b < tensors.Count; b++)
            {
                Assert.NotEqual(tensors[a], tensors[b]);
            }
        }
    }

    /// <summary>A 320x240 JPEG whose content has no symmetry, stored with the given EXIF orientation.</summary>
    private static byte[] AsymmetricJpeg(int orientation)
    {
        using var image = new Image<Rgb24>(320, 240);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var corner = x < 80 && y < 60;
                image[x, y] = corner ? new Rgb24(250, 20, 20) : new Rgb24((byte)(x * 255 / 319), (byte)(y * 255 / 239), (byte)(x < y ? 200 : 40));
            }
        }

        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 100 });
        return stream.ToArray();
    }

    /// <summary>The picture a viewer shows for a stored grid with this EXIF orientation (TIFF/EXIF 2.3 definitions).</summary>
    private static Image<Rgb24> Displayed(Image<Rgb24> stored, int orientation)
    {
        int w = stored.Width, h = stored.Height;
        var swaps = orientation >= 5;
        var shown = new Image<Rgb24>(swaps ? h : w, swaps ? w : h);
        for (var y = 0; y < shown.Height; y++)
        {
            for (var x = 0; x < shown.Width; x++)
            {
                shown[x, y] = orientation switch
                {
                    2 => stored[w - 1 - x, y],         // mirrored left-right
                    3 => stored[w - 1 - x, h - 1 - y], // turned 180
                    4 => stored[x, h - 1 - y],         // mirrored top-bottom
                    5 => stored[y, x],                 // transposed
                    6 => stored[y, h - 1 - x],         // turn 90 clockwise to view
                    7 => stored[w - 1 - y, h - 1 - x], // transversed
                    8 => stored[w - 1 - y, x],         // turn 90 anticlockwise to view
                    _ => stored[x, y],
                };
            }
        }

        return shown;
    }

    private static byte[] Png(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }
}
