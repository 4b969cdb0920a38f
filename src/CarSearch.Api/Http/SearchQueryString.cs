using System.Globalization;
using CarSearch.Core.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CarSearch.Api.Http;

/// <summary>
/// Reads a search's query string. <c>q</c>, <c>not</c>, <c>like</c>, <c>top</c>, <c>minScore</c>,
/// <c>continuationToken</c>, <c>collapse</c> and <c>force</c> are the API's own;
/// every other parameter is a metadata equality filter (<c>make=Tesla&amp;colour=red</c>), so a shop can filter on any
/// field its uploads carry without the API knowing the fields. A misspelt parameter therefore filters on a field no
/// image has and finds nothing, rather than being ignored.
/// </summary>
public static class SearchQueryString
{
    /// <summary>The search text.</summary>
    public const string TextParameter = "q";

    /// <summary>Text to steer away from (repeatable): a composed query's term of weight <see cref="NotWeight"/>.</summary>
    public const string NotParameter = "not";

    /// <summary>An indexed image to search like (repeatable): a composed query's term of weight <see cref="LikeWeight"/>.</summary>
    public const string LikeParameter = "like";

    /// <summary>The relevance cut-off: results scoring below it are left out.</summary>
    public const string MinScoreParameter = "minScore";

    /// <summary>
    /// A <c>not</c> term's weight: half a <c>q</c>'s, so "red car, not truck" still mostly means "red car" and a
    /// negative term pushes away without turning the search into "anything but a truck".
    /// </summary>
    public const float NotWeight = -0.5f;

    /// <summary>A <c>like</c> term's weight, the same as <c>q</c>'s.</summary>
    public const float LikeWeight = 1f;

    /// <summary>Results per page.</summary>
    public const string TopParameter = "top";

    /// <summary>The token of the previous page of the same search.</summary>
    public const string ContinuationTokenParameter = "continuationToken";

    /// <summary>One result per near-duplicate group (true/false, default false).</summary>
    public const string CollapseParameter = "collapse";

    /// <summary>Re-index every image, not only those another model made.</summary>
    public const string ForceParameter = "force";

    /// <summary>Azure Functions takes a function key as <c>?code=</c>; it is never a filter.</summary>
    public const string FunctionKeyParameter = "code";

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        TextParameter,
        NotParameter,
        LikeParameter,
        MinScoreParameter,
        TopParameter,
        ContinuationTokenParameter,
        CollapseParameter,
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

    /// <summary>
    /// The composed query the shorthands <c>not</c> and <c>like</c> make with <c>q</c> (q weight 1, each not
    /// <see cref="NotWeight"/>, each like <see cref="LikeWeight"/>, in that order); null when the query string has
    /// neither, so a plain text search stays one.
    /// </summary>
    /// <exception cref="QueryStringException"><c>q</c> is repeated, or missing without a <c>like</c>.</exception>
    internal static ComposedTerms? Terms(IQueryCollection query)
    {
        var nots = query[NotParameter];
        var likes = query[LikeParameter];
        if (nots.Count == 0 && likes.Count == 0)
        {
            return null;
        }

        var terms = new ComposedTerms();
        if (Single(query, TextParameter) is { } text)
        {
            terms.Add(QueryTerm.ForText(text), TextParameter, TextParameter);
        }
        else if (likes.Count == 0)
        {
            throw SearchRequestErrors.MissingText();
        }

        foreach (var not in nots)
        {
            terms.Add(QueryTerm.ForText(not ?? "", NotWeight), NotParameter, NotParameter);
        }

        foreach (var like in likes)
        {
            terms.Add(QueryTerm.ForImage(like ?? "", LikeWeight), LikeParameter, LikeParameter);
        }

        return terms;
    }

    /// <summary><c>top</c>, <c>continuationToken</c>, <c>minScore</c>, <c>collapse</c> and the filters.</summary>
    /// <exception cref="QueryStringException">
    /// A parameter is repeated, <c>top</c> is not a whole number, <c>minScore</c> not a number or <c>collapse</c> not
    /// true/false.
    /// </exception>
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

        double? minScore = null;
        if (Single(query, MinScoreParameter) is { } minScoreText)
        {
            minScore = double.TryParse(minScoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw SearchRequestErrors.InvalidMinScore(minScoreText);
        }

        var collapse = Flag(query, CollapseParameter, SearchRequestErrors.InvalidCollapse);
        return new SearchParameters(top, filters, Single(query, ContinuationTokenParameter), minScore, collapse);
    }

    /// <summary><c>force</c>: absent is false; present without a value (<c>?force</c>) is true.</summary>
    /// <exception cref="QueryStringException">It is repeated or not true/false.</exception>
    internal static bool Force(IQueryCollection query) => Flag(query, ForceParameter, SearchRequestErrors.InvalidForce);

    /// <summary>A true/false parameter: absent is false; present without a value (<c>?collapse</c>) is true.</summary>
    private static bool Flag(IQueryCollection query, string name, Func<string, QueryStringException> invalid) => Single(query, name) switch
    {
        null => false,
        "" => true,
        var text when bool.TryParse(text, out var flag) => flag,
        var text => throw invalid(text),
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
