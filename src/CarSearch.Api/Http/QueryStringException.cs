namespace CarSearch.Api.Http;

/// <summary>
/// A search request's parameter the API cannot read (missing, repeated, or not of its type), in the query string or in
/// a composed query's body, or a composed query's term the service refused; the message names the parameter as the
/// request spelt it (<c>top</c>, <c>terms[2].image</c>). Made by <see cref="SearchRequestErrors"/>.
/// </summary>
internal sealed class QueryStringException(string parameter, string message) : Exception(message)
{
    /// <summary>The parameter at fault.</summary>
    public string Parameter { get; } = parameter;
}
