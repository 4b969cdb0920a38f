using System.Net;
using System.Net.Http.Headers;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CarSearch.Api;
using CarSearch.Api.Http;
using CarSearch.Api.Model;
using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Cli.Searching;

/// <summary>
/// Calls the CarSearch HTTP API's search routes (<c>carsearch serve</c>, <c>func start</c> or the Functions app in
/// Azure) and reads the answer: the results, or the problem's <c>detail</c>, or why there was no answer.
/// </summary>
/// <param name="baseUrl">The app's root URL; the API's routes are under <c>/api</c> below it.</param>
/// <param name="functionKey">A Functions key, sent as the <c>x-functions-key</c> header (kept out of URLs and logs).</param>
public sealed class SearchApiClient(HttpClient http, Uri baseUrl, string? functionKey)
{
    public const string FunctionKeyHeader = "x-functions-key";

    private const string ProblemMediaType = "application/problem+json";

    private readonly Uri _root = WithTrailingSlash(baseUrl);

    public async Task<SearchAnswer> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var request = query.Text is { } text
            ? new HttpRequestMessage(HttpMethod.Get, UrlOf(ApiRoutes.Search, query, (SearchQueryString.TextParameter, text)))
            : new HttpRequestMessage(HttpMethod.Post, UrlOf(ApiRoutes.SearchByImage, query))
            {
                Content = ImageContent(query.ImagePath ?? throw new ArgumentException("A query needs a text or an image.", nameof(query))),
            };
        if (!string.IsNullOrEmpty(functionKey))
        {
            request.Headers.Add(FunctionKeyHeader, functionKey);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SearchApiException(ProblemDetail(response, body) ?? Unexplained(response));
        }

        return new SearchAnswer(body, Parse(response, body));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException unreachable)
        {
            throw new SearchApiException(
                $"Cannot reach the CarSearch API at {_root}: {unreachable.Message} Start it with 'carsearch serve', or give its address with --url.",
                unreachable);
        }
        catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SearchApiException($"The CarSearch API at {_root} did not answer within {http.Timeout.TotalSeconds:0} s.", timeout);
        }
    }

    private Uri UrlOf(string route, SearchQuery query, params (string Name, string Value)[] first)
    {
        var parameters = first.Concat([(SearchQueryString.TopParameter, query.Top.ToString(System.Globalization.CultureInfo.InvariantCulture))])
            .Concat(query.Filters.Select(filter => (filter.Key, filter.Value)));
        var queryString = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        return new Uri(_root, $"{ApiRoutes.Prefix}/{route}?{queryString}");
    }

    private static ByteArrayContent ImageContent(string path)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(path));
        content.Headers.ContentType = new MediaTypeHeaderValue(ImageFormats.ContentTypeOfFileName(path));
        return content;
    }

    /// <summary>The <c>detail</c> (else the <c>title</c>) of a problem answer; null when the answer is not one.</summary>
    private static string? ProblemDetail(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType is not (ProblemMediaType or MediaTypeNames.Application.Json))
        {
            return null;
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.ValueKind == JsonValueKind.Object
                ? Text(problem.RootElement, "detail") ?? Text(problem.RootElement, "title")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    private string Unexplained(HttpResponseMessage response)
    {
        var message = new StringBuilder($"The API at {_root} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        message.Append(response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " Give a function key with --code (or $CARSEARCH_FUNCTION_KEY).",
            HttpStatusCode.NotFound => " Is --url the address of a CarSearch app?",
            _ => "",
        });
        return message.ToString();
    }

    private SearchResponse Parse(HttpResponseMessage response, string body)
    {
        try
        {
            if (JsonSerializer.Deserialize<SearchResponse>(body, JsonSerializerOptions.Web) is { Results: not null } parsed)
            {
                return parsed;
            }
        }
        catch (JsonException)
        {
            // Reported below with what came instead.
        }

        throw new SearchApiException(
            $"The answer from {_root} is not a CarSearch search result ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}); is --url the address of a CarSearch app?");
    }

    private static Uri WithTrailingSlash(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
    }
}
