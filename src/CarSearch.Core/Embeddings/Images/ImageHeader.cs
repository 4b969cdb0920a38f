namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// What an image's header says: <paramref name="Format"/> as <see cref="ImageFormat.Name"/> has it (<c>JPEG</c>,
/// <c>PNG</c>, <c>WEBP</c>, ...: Pillow's names), and the size as displayed, i.e. after the EXIF
/// <paramref name="Orientation"/> (1 to 8; 1 = stored upright) is applied.
/// </summary>
public sealed record ImageHeader(string Format, int Width, int Height, int Orientation = 1)
{
    /// <summary>Width x height in millions of pixels.</summary>
    public double Megapixels => (double)Width * Height / 1_000_000;

    /// <summary>Whether the stored pixel grid is turned by a quarter (orientations 5 to 8 swap width and height).</summary>
    public bool SwapsAxes => Orientation is >= 5 and <= 8;
}
