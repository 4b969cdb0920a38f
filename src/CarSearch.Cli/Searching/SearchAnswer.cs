using CarSearch.Api.Model;

namespace CarSearch.Cli.Searching;

/// <summary>A successful search: the body exactly as the API sent it, and what it says.</summary>
public sealed record SearchAnswer(string Json, SearchResponse Response);

/// <summary>The API could not be reached or answered with an error; the message says what, in one line.</summary>
public sealed class SearchApiException(string message, Exception? innerException = null) : Exception(message, innerException);
