using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// One row of <see cref="ImageFormats"/>: a format we decode, or one we recognise only to refuse by name.
/// </summary>
public sealed class ImageFormat
{
    private ImageFormat(string name, string displayName, string contentType, string[] extensions)
    {
        Name = name;
        DisplayName = displayName;
        ContentType = contentType;
        Extensions = extensions;
    }

    /// <summary>
    /// The short name: for a supported format, what <see cref="ImageHeader.Format"/> and the index report, spelled
    /// as Pillow (and the reference kit's images.json) spells it.
    /// </summary>
    public string Name { get; }

    /// <summary>The name as a user reads it in messages (<c>WebP</c>, <c>Photoshop (PSD)</c>).</summary>
    public string DisplayName { get; }

    /// <summary>The media type the format is stored and served with.</summary>
    public string ContentType { get; }

    /// <summary>File name extensions, with the dot and in lower case, that are taken to be this format.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Whether we decode it; otherwise an upload of it is refused with its name.</summary>
    public bool IsSupported => Decoded is not null;

    /// <summary>Registers the format's signature detector and codec with a decoding configuration.</summary>
    internal IConfigurationModule? Module { get; private init; }

    /// <summary>What ImageSharp's detector answers for this format.</summary>
    internal IImageFormat? Decoded { get; private init; }

    private ImageBytesCheck? Completeness { get; init; }

    private ImageBytesCheck? Signature { get; init; }

    /// <summary>A format ImageSharp decodes, recognised by the detector <paramref name="module"/> registers.</summary>
    /// <param name="isComplete">
    /// Whether a file holds all of its image data (see <see cref="ImageCompleteness"/>): ImageSharp decodes some
    /// cut-off files without complaint.
    /// </param>
    internal static ImageFormat Supported(
        string name,
        string displayName,
        string contentType,
        string[] extensions,
        IConfigurationModule module,
        IImageFormat decoded,
        ImageBytesCheck isComplete) =>
        new(name, displayName, contentType, extensions) { Module = module, Decoded = decoded, Completeness = isComplete };

    /// <summary>A format we do not decode, recognised by <paramref name="signature"/> so the refusal can name it.</summary>
    internal static ImageFormat Unsupported(
        string name, string displayName, string contentType, string[] extensions, ImageBytesCheck signature) =>
        new(name, displayName, contentType, extensions) { Signature = signature };

    /// <summary>Whether a file of this (supported) format holds all of its image data.</summary>
    internal bool IsComplete(ReadOnlySpan<byte> data) => Completeness is null || Completeness(data);

    /// <summary>Whether <paramref name="data"/> starts like this (unsupported) format; supported ones ImageSharp detects.</summary>
    internal bool HasSignature(ReadOnlySpan<byte> data) => Signature is not null && Signature(data);

    public override string ToString() => Name;
}
