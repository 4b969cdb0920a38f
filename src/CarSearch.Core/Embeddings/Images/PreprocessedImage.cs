namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// One image ready for CLIP's vision tower: <paramref name="Pixels"/> is float32 CHW [3 x 224 x 224] (the R plane,
/// then G, then B), normalised with CLIP's mean and std.
/// </summary>
/// <param name="Thumbnail">
/// The thumbnail made from the same decode, when it was asked for and could be made; null otherwise.
/// </param>
/// <param name="ThumbnailFailure">Why the thumbnail asked for could not be made, for the log.</param>
public sealed record PreprocessedImage(
    float[] Pixels, ImageHeader Header, ImageThumbnail? Thumbnail = null, Exception? ThumbnailFailure = null);
