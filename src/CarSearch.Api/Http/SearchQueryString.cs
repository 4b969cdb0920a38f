using System.Globalization;
using CarSearch.Core.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CarSearch.Api.Http;

/// <summary>
/// Reads a search's query string. <c>q</c>, <c>top</c>, <c>continuationToken</c> and <c>force</c> are the API's own;
/// every other parameter is a metadata equality filter (<c>make=Tesla&amp;colour=red</c>), so a shop can filter on any
/// field its uploads carry without the API knowing the fields. A misspelt parameter therefore filters on a field no
/// image has and finds nothing, rather than being ignored.
/// </summary>
public static class SearchQueryString
{
    /// <summary>The search text.</summary>
    public const string TextParameter = "q";

    /// <summary>Results per page.</summary>
    public const string TopParameter = "top";

    /// <summary>The token of the previous page of the same search.</summary>
    public const string ContinuationTokenParameter = "continuationToken";

    /// <summary>Re-index every image, not only those another model made.</summary>
    public const string ForceParameter = "force";

    /// <summary>Azure Functions takes a function key as <c>?code=</c>; it is never a filter.</summary>
    public const string FunctionKeyParameter = "code";

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        TextParameter,
        TopParameter,
        ContinuationTokenParameter,
        ForceParameter,
        FunctionKeyParameter,
    };

    /// <summary>
    /// Whether the API reads <paramref name="name"/> itself (any case), so it can never be a metadata filter; clients
    /// that build filters (<c>carsearch search --filter</c>) refuse such names up front.
    /// </summary>
    public static bool IsReserved(string name) => ReservedNames.Contains(name);

    /// <summary>The search text <c>q</c>, as given (the service checks it is not blank or too long).</summary>
    /// <exception cref="QueryStringException"><c>q</c> is missing or repeated.</exception>
    internal static string Text(IQueryCollection query) =>
        Single(query, TextParameter) ?? throw SearchRequestErrors.MissingText();

    /// <summary><c>top</c>, <c>continuationToken</c> and the filters.</summary>
    /// <exception cref="QueryStringException">A parameter is repeated or <c>top</c> is not a whole number.</exception>
    internal static SearchParameters Parameters(IQueryCollection query)
    {
        var top = Core.Index.VectorQuery.DefaultTop;
        if (Single(query, TopParameter) is { } topText
            && !int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top))
        {
            throw SearchRequestErrors.InvalidTop(topText);
        }

        Dictionary<string, string>? filters = null;
        foreach (var (name, values) in query)
        {
            if (!IsReserved(name))
            {
                filters ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                filters[name] = values.Count == 1 ? values[0] ?? "" : throw SearchRequestErrors.RepeatedParameter(name);
            }
        }

        return new SearchParameters(top, filters, Single(query, ContinuationTokenParameter));
    }

    /// <summary><c>force</c>: absent is false; present without a value (<c>?force</c>) is true.</summary>
    /// <exception cref="QueryStringException">It is repeated or not true/false.</exception>
    internal static bool Force(IQueryCollection query) => Single(query, ForceParameter) switch
    {
        null => false,
        "" => true,
        var text when bool.TryParse(text, out var force) => force,
        var text => throw SearchRequestErrors.InvalidForce(text),
    };

    private static string? Single(IQueryCollection query, string name)
    {
        var values = query.TryGetValue(name, out var found) ? found : StringValues.Empty;
        return values.Count switch
        {
            0 => null,
            1 => values[0] ?? "",
            _ => throw SearchRequestErrors.RepeatedParameter(name),
        };
    }
}
