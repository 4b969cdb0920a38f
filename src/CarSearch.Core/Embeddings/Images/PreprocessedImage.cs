namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// One image ready for CLIP's vision tower: <paramref name="Pixels"/> is float32 CHW [3 x 224 x 224] (the R plane,
/// then G, then B), normalised with CLIP's mean and std.
/// </summary>
public sealed record PreprocessedImage(float[] Pixels, ImageHeader Header);
