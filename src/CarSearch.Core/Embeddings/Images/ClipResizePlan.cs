namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Where CLIP's preprocessing takes its square from an image: the short side scaled to 224, the long side to
/// <c>int(224 * long / short)</c>, then a centre crop rounded half to even (torchvision's <c>CenterCrop</c>).
/// </summary>
internal readonly record struct ClipResizePlan(int ResizedWidth, int ResizedHeight, PixelWindow Crop)
{
    /// <summary>
    /// Longest long side : short side we resize. Beyond it the resized long side (224 x ratio) heads for int overflow,
    /// and the centre crop of such a sliver says nothing about the picture anyway.
    /// </summary>
    public const int MaxAspectRatio = 10_000;

    public static bool Supports(int width, int height) =>
        width >= 1 && height >= 1 && Math.Max(width, height) / (double)Math.Min(width, height) <= MaxAspectRatio;

    public static ClipResizePlan For(int width, int height)
    {
        if (!Supports(width, height))
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is empty or more elongated than {MaxAspectRatio}:1.");
        }
        const int size = ClipConstants.ImageSize;

        // Python's int(224 * long / short): the product is exact, the division a correctly rounded double, then
        // truncation; the same in C# for any size an image can have.
        int resizedWidth, resizedHeight;
        if (width <= height)
        {
            resizedWidth = size;
            resizedHeight = (int)((double)((long)size * height) / width);
        }
        else
        {
            resizedWidth = (int)((double)((long)size * width) / height);
            resizedHeight = size;
        }

        var left = (int)Math.Round((resizedWidth - size) / 2.0, MidpointRounding.ToEven);
        var top = (int)Math.Round((resizedHeight - size) / 2.0, MidpointRounding.ToEven);
        return new ClipResizePlan(resizedWidth, resizedHeight, new PixelWindow(left, top, size, size));
    }
}
