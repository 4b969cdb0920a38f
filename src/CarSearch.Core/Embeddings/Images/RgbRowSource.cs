using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>Hands a resampler or reducer one source row of packed 8-bit RGB (3 bytes a pixel), top row 0.</summary>
internal delegate ReadOnlySpan<byte> RgbRowSource(int y);

/// <summary>Where <see cref="RgbRowSource"/>s come from.</summary>
internal static class RgbRows
{
    /// <summary>The rows of a decoded bitmap as they are stored, without copying them.</summary>
    public static RgbRowSource Of(Image<Rgb24> image) => y => MemoryMarshal.AsBytes(image.DangerousGetPixelRowMemory(y).Span);
}
