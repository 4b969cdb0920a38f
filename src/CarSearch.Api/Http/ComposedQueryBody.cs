namespace CarSearch.Api.Http;

/// <summary>
/// The JSON of <c>POST /api/search</c>:
/// <c>{"terms": [{"text": "red sports car"}, {"imageId": "abc.jpg", "weight": 0.5}], "top": 10, "filters": {"make": "Tesla"}, "minScore": 0.2, "collapse": true, "continuationToken": null}</c>.
/// Property names as in the example (any case); an unknown one is refused, so a misspelt weight is not silently 1.
/// </summary>
internal sealed class ComposedQueryBody
{
    public List<TermBody?>? Terms { get; set; }

    public int? Top { get; set; }

    public Dictionary<string, string?>? Filters { get; set; }

    public double? MinScore { get; set; }

    public string? ContinuationToken { get; set; }

    /// <summary>One result per near-duplicate group; false when absent.</summary>
    public bool? Collapse { get; set; }

    /// <summary>One term: exactly one of text, imageId, image (base64) or imagePart (a multipart field's name), and a weight.</summary>
    internal sealed class TermBody
    {
        public string? Text { get; set; }

        public string? ImageId { get; set; }

        public string? Image { get; set; }

        public string? ImagePart { get; set; }

        public double? Weight { get; set; }
    }
}
