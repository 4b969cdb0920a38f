namespace CarSearch.Core.Embeddings.Images;

/// <summary>Why an upload cannot be turned into a CLIP input.</summary>
public enum ImageRejectionReason
{
    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>The file ends before the image data is complete (an interrupted upload or copy).</summary>
    Truncated,

    /// <summary>Not an image format we recognise at all.</summary>
    UnknownFormat,

    /// <summary>A recognised image format we do not decode (HEIC, AVIF, ...), or a variant of one we do that the decoder lacks.</summary>
    UnsupportedFormat,

    /// <summary>More pixels than the configured limit, or more memory to decode than allowed.</summary>
    TooLarge,

    /// <summary>A supported format whose content is damaged or inconsistent.</summary>
    Corrupt,
}
