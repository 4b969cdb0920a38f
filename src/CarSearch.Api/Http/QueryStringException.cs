namespace CarSearch.Api.Http;

/// <summary>
/// A query string the API cannot read (a parameter missing, repeated, or not of its type), found before any service
/// runs; the message names the parameter as the API calls it. Made by <see cref="SearchRequestErrors"/>.
/// </summary>
internal sealed class QueryStringException(string parameter, string message) : Exception(message)
{
    /// <summary>The query parameter at fault.</summary>
    public string Parameter { get; } = parameter;
}
