namespace CarSearch.Core.Embeddings.Images;

/// <summary>A rectangle of pixels: the part of a resized image that is kept.</summary>
internal readonly record struct PixelWindow(int Left, int Top, int Width, int Height);
