namespace CarSearch.Core.Search;

/// <summary>
/// One term of a composed query: a text, an indexed image (by id) or an uploaded photo, with a weight. The query vector
/// is the weighted sum of the terms' L2-normalised embeddings, L2-normalised (<see cref="SearchService.SearchAsync"/>);
/// a negative weight steers away from the term ("not like this").
/// </summary>
public sealed record QueryTerm
{
    /// <summary>The weight a term has when none is given.</summary>
    public const float DefaultWeight = 1f;

    private QueryTerm(QueryTermKind kind, float weight, string? text, string? imageId, ReadOnlyMemory<byte> photo)
    {
        Kind = kind;
        Weight = weight;
        Text = text;
        ImageId = imageId;
        Photo = photo;
    }

    public QueryTermKind Kind { get; }

    /// <summary>How much the term pulls the query towards itself; negative pushes away, 0 ignores it.</summary>
    public float Weight { get; }

    /// <summary>The words, for <see cref="QueryTermKind.Text"/>.</summary>
    public string? Text { get; }

    /// <summary>The indexed image's id, for <see cref="QueryTermKind.Image"/>.</summary>
    public string? ImageId { get; }

    /// <summary>The photo's encoded bytes, for <see cref="QueryTermKind.Photo"/>.</summary>
    public ReadOnlyMemory<byte> Photo { get; }

    public static QueryTerm ForText(string text, float weight = DefaultWeight) =>
        new(QueryTermKind.Text, weight, text ?? throw new ArgumentNullException(nameof(text)), null, default);

    public static QueryTerm ForImage(string imageId, float weight = DefaultWeight) =>
        new(QueryTermKind.Image, weight, null, imageId ?? throw new ArgumentNullException(nameof(imageId)), default);

    public static QueryTerm ForPhoto(ReadOnlyMemory<byte> photo, float weight = DefaultWeight) =>
        new(QueryTermKind.Photo, weight, null, null, photo);
}

/// <summary>What a <see cref="QueryTerm"/> is made of.</summary>
public enum QueryTermKind
{
    /// <summary>Words, embedded by the text tower.</summary>
    Text,

    /// <summary>An indexed image, by id: its stored embedding; the image itself is left out of the results.</summary>
    Image,

    /// <summary>An uploaded photo, embedded by the image tower.</summary>
    Photo,
}
