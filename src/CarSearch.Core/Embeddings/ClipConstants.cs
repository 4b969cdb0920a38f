namespace CarSearch.Core.Embeddings;

/// <summary>The fixed shape of CLIP ViT-B/32's inputs and outputs.</summary>
public static class ClipConstants
{
    /// <summary>Side of the square image the vision tower takes.</summary>
    public const int ImageSize = 224;

    /// <summary>Values in one preprocessed image: 3 channels x 224 x 224, CHW.</summary>
    public const int PixelCount = 3 * ImageSize * ImageSize;

    /// <summary>Maximum tokens in one text, start and end tokens included.</summary>
    public const int ContextLength = 77;

    public const int StartOfTextToken = 49406;

    public const int EndOfTextToken = 49407;

    /// <summary>CLIP's per-channel normalisation (R, G, B), as in OpenAI's and Hugging Face's preprocessing.</summary>
    public static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];

    public static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];
}
