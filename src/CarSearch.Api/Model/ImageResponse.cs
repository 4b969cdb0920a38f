using System.Text.Json.Serialization;
using CarSearch.Api.Http;
using CarSearch.Core.Index;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Model;

/// <summary>An indexed image as <c>GET images/{id}</c> shows it: the document without its embedding, plus links.</summary>
public sealed record ImageResponse(
    string Id,
    string Name,
    string ContentHash,
    int Width,
    int Height,
    string Format,
    long SizeBytes,
    IReadOnlyDictionary<string, string> Metadata,
    string ModelId,
    DateTimeOffset IndexedAt,
    string ImageUrl,
    string SimilarUrl,
    string ThumbnailUrl,
    string DuplicatesUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DuplicateOf)
{
    public static ImageResponse From(ImageDocument document, HttpRequest request) => new(
        document.Id,
        document.Name,
        document.ContentHash,
        document.Width,
        document.Height,
        document.Format,
        document.SizeBytes,
        document.Metadata,
        document.ModelId,
        document.IndexedAt,
        ApiLinks.To(request, ApiRoutes.ImageContent, document.Id),
        ApiLinks.To(request, ApiRoutes.SimilarImages, document.Id),
        ApiLinks.To(request, ApiRoutes.ImageThumbnail, document.Id),
        ApiLinks.To(request, ApiRoutes.ImageDuplicates, document.Id),
        document.DuplicateOf);
}
