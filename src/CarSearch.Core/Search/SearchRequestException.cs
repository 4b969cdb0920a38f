using System.Globalization;
using CarSearch.Core.Index;

namespace CarSearch.Core.Search;

/// <summary>
/// A search that cannot be run as asked. <see cref="Exception.Message"/> says what is wrong in words a user
/// understands, naming the part at fault as the HTTP API calls it (<c>q</c>, <c>top</c>, <c>continuationToken</c>,
/// a filter's metadata name), which <see cref="Parameter"/> also holds for clients that want to point at a field.
/// </summary>
public sealed class SearchRequestException(string? parameter, string message) : Exception(message)
{
    /// <summary>The search text's name in the API.</summary>
    public const string TextParameter = "q";

    public const string TopParameter = "top";

    public const string ContinuationTokenParameter = "continuationToken";

    /// <summary>The request part at fault; null when it is the request as a whole.</summary>
    public string? Parameter { get; } = parameter;

    public static SearchRequestException MissingText() =>
        new(TextParameter, "The query parameter q is missing: give the words to search for, e.g. q=red sports car.");

    public static SearchRequestException EmptyText() =>
        new(TextParameter, "The search text q is empty: give a few words that describe the car, e.g. q=red sports car.");

    public static SearchRequestException TextTooLong(int length) =>
        new(TextParameter, string.Create(CultureInfo.InvariantCulture,
            $"The search text q is {length:N0} characters long; the limit is {SearchService.MaxTextLength:N0} (only its first 77 tokens count anyway)."));

    /// <summary>A page size that is not a whole number from 1 to <see cref="VectorQuery.MaxTop"/>, quoted as the caller wrote it.</summary>
    public static SearchRequestException InvalidTop(string given) =>
        new(TopParameter, string.Create(CultureInfo.InvariantCulture,
            $"top must be a whole number from 1 to {VectorQuery.MaxTop}; got \"{given}\"."));

    public static SearchRequestException InvalidContinuationToken(string reason) =>
        new(ContinuationTokenParameter, $"continuationToken cannot be used: {reason} Start the search again without it.");

    public static SearchRequestException TooManyFilters(int count) =>
        new(null, string.Create(CultureInfo.InvariantCulture,
            $"A search may filter on at most {SearchParameters.MaxFilters} metadata fields; got {count}."));

    public static SearchRequestException InvalidFilterName(string name) =>
        new(name, string.Create(CultureInfo.InvariantCulture,
            $"\"{name}\" is not a metadata name to filter on: use 1 to {SearchParameters.MaxFilterNameLength} letters, digits, '_' or '-'."));

    public static SearchRequestException InvalidFilterValue(string name) =>
        new(name, string.Create(CultureInfo.InvariantCulture,
            $"The filter {name} needs a value of 1 to {SearchParameters.MaxFilterValueLength:N0} characters, e.g. {name}=Tesla."));

    public static SearchRequestException RepeatedParameter(string name) =>
        new(name, $"{name} is given more than once; give it once (filters match one value each).");
}
