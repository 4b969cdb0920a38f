using System.ComponentModel.DataAnnotations;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>Limits on the images we accept, bound from the <c>CarSearch:Images</c> section.</summary>
public sealed class ImageOptions
{
    public const string SectionName = "CarSearch:Images";

    public const double DefaultMaxMegapixels = 50;

    /// <summary>Highest configurable limit: decode buffers of up to 8 bytes a pixel must stay addressable.</summary>
    public const double HighestMaxMegapixels = 250;

    /// <summary>
    /// Largest image accepted, in millions of pixels (width x height / 1,000,000), checked from the file's header
    /// before anything is decoded.
    /// </summary>
    [Range(0.000_001, HighestMaxMegapixels)]
    public double MaxMegapixels { get; set; } = DefaultMaxMegapixels;
}
