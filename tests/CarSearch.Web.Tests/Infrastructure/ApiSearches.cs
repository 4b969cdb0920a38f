using System.Net.Http.Json;
using System.Text.Json;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>The API asked directly, to compare what the page shows with what the API answers for the same search.</summary>
public static class ApiSearches
{
    /// <summary>The page's default page size: every seeded image fits in one page.</summary>
    public const int PageSize = 24;

    /// <summary><c>GET /api/search?{query}&amp;top=24</c>: the results' names and scores, best first.</summary>
    public static async Task<IReadOnlyList<Hit>> GetAsync(HttpClient api, string query)
    {
        using var response = await api.GetAsync($"api/search?{query}&top={PageSize}");
        return await HitsAsync(response);
    }

    /// <summary><c>POST /api/search</c> with <paramref name="body"/> (its <c>top</c> set to 24).</summary>
    public static async Task<IReadOnlyList<Hit>> PostAsync(HttpClient api, Dictionary<string, object?> body)
    {
        body["top"] = PageSize;
        using var response = await api.PostAsJsonAsync("api/search", body);
        return await HitsAsync(response);
    }

    private static async Task<IReadOnlyList<Hit>> HitsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.GetProperty("results").EnumerateArray()
            .Select(result => new Hit(result.GetProperty("name").GetString()!, result.GetProperty("score").GetDouble()))];
    }

    public sealed record Hit(string Name, double Score);
}
