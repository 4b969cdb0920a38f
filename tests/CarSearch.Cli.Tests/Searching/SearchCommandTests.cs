using System.Net.Http.Json;
using System.Text.Json;
using CarSearch.Api.Model;
using CarSearch.Cli.Searching;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Searching;

/// <summary><c>carsearch search</c> against the HTTP API serving the kit's images, uploaded with <c>carsearch index</c>.</summary>
[Collection(WithSearchApi.Name)]
public sealed class SearchCommandTests(SearchApiFixture api)
{
    /// <summary>Reference cosines closer than this may swap (the kit README advises "a few 1e-3"), as in the API's tests.</summary>
    private const double OrderGap = 3e-3;

    /// <summary>Texts whose best indexed image, by the kit's rankings, beats the next by more than <see cref="OrderGap"/>.</summary>
    public static TheoryData<string, string> TextsWithAClearWinner()
    {
        var indexed = SearchApiFixture.UprightImages.Select(image => image.File).ToHashSet(StringComparer.Ordinal);
        var data = new TheoryData<string, string>();
        foreach (var ranking in KitCatalog.SearchableRankings)
        {
            var ranked = ranking.Images.Zip(ranking.Cosine).Where(pair => indexed.Contains(pair.First)).ToList();
            if (ranked[0].Second - ranked[1].Second > OrderGap)
            {
                data.Add(ranking.Text, ranked[0].First);
            }
        }

        return data;
    }

    public static TheoryData<string> IndexedImages() => [.. SearchApiFixture.UprightImages.Select(image => image.File)];

    [Theory]
    [MemberData(nameof(TextsWithAClearWinner))]
    public async Task ATextSearchTableShowsTheReferenceBestImageFirst(string text, string best)
    {
        var result = await SearchAsync("--text", text);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var first = ResultRows(result.Stdout)[0];
        Assert.Equal("1", first[0]);
        Assert.Equal(best, first[2]);
        Assert.Equal($"{SearchCommandMake}={api.MakeOf[best]}", first[3]);
        Assert.Equal(DocumentId.FromName(best), first[4]);
    }

    [Theory]
    [MemberData(nameof(IndexedImages))]
    public async Task AnImageSearchPutsThatImageFirst(string file)
    {
        var result = await SearchAsync("--image", KitImageTree.KitPath(file), "--top", "3");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var rows = ResultRows(result.Stdout);
        Assert.Equal(3, rows.Count);
        Assert.Equal(file, rows[0][2]);
        Assert.True(double.Parse(rows[0][1], System.Globalization.CultureInfo.InvariantCulture) > 0.999, $"score {rows[0][1]}");
    }

    [Fact]
    public async Task RowsComeInRankOrderWithFallingScoresAndTopLimitsThem()
    {
        var text = KitCatalog.SearchableRankings.First().Text;

        var result = await SearchAsync("--text", text, "--top", "4");

        var rows = ResultRows(result.Stdout);
        Assert.Equal(["1", "2", "3", "4"], rows.Select(row => row[0]));
        var scores = rows.Select(row => double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.OrderByDescending(score => score), scores);
    }

    [Fact]
    public async Task JsonIsTheApisAnswerAsItCame()
    {
        var text = KitCatalog.SearchableRankings.First().Text;
        using var http = new HttpClient();
        var direct = await http.GetStringAsync($"{api.Url}api/search?q={Uri.EscapeDataString(text)}&top=5");

        var result = await SearchAsync("--text", text, "--top", "5", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(direct, result.Stdout.TrimEnd('\n'));
        Assert.Equal(5, JsonSerializer.Deserialize<SearchResponse>(result.Stdout, JsonSerializerOptions.Web)!.Results.Count);
    }

    [Fact]
    public async Task NotLikeAndMinScoreAreTheApisShorthands()
    {
        var text = KitCatalog.SearchableRankings.First().Text;
        var not = KitCatalog.SearchableRankings.Skip(1).First().Text;
        var like = DocumentId.FromName(SearchApiFixture.UprightImages.First().File);
        using var http = new HttpClient();
        var all = JsonSerializer.Deserialize<SearchResponse>(await http.GetStringAsync(
            $"{api.Url}api/search?q={Uri.EscapeDataString(text)}&not={Uri.EscapeDataString(not)}&like={Uri.EscapeDataString(like)}&top=100"), JsonSerializerOptions.Web)!;
        var minScore = ((all.Results[1].Score + all.Results[2].Score) / 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var direct = await http.GetStringAsync(
            $"{api.Url}api/search?q={Uri.EscapeDataString(text)}&not={Uri.EscapeDataString(not)}&like={Uri.EscapeDataString(like)}&top=5&minScore={minScore}");

        var result = await SearchAsync("--text", text, "--not", not, "--like", like, "--min-score", minScore, "--top", "5", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(direct, result.Stdout.TrimEnd('\n'));
        var answer = JsonSerializer.Deserialize<SearchResponse>(result.Stdout, JsonSerializerOptions.Web)!;
        Assert.Equal(all.Results.Take(2).Select(r => r.Id), answer.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task LikeAloneSearchesLikeThatImageAndLeavesItOut()
    {
        var file = SearchApiFixture.UprightImages.First().File;

        var result = await SearchAsync("--like", DocumentId.FromName(file), "--top", "100");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var rows = ResultRows(result.Stdout);
        Assert.Equal(SearchApiFixture.UprightImages.Count() - 1, rows.Count);
        Assert.DoesNotContain(rows, row => row[2] == file);
    }

    [Fact]
    public async Task APhotoWithNotIsAComposedQuery()
    {
        var photo = SearchApiFixture.UprightImages.First();
        var not = KitCatalog.SearchableRankings.First().Text;
        using var http = new HttpClient();
        var body = JsonContent.Create(new
        {
            terms = new object[] { new { image = Convert.ToBase64String(photo.ReadBytes()) }, new { text = not, weight = -0.5 } },
            top = 100,
        });
        var direct = JsonSerializer.Deserialize<SearchResponse>(
            await (await http.PostAsync($"{api.Url}api/search", body)).Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;

        var result = await SearchAsync("--image", KitImageTree.KitPath(photo.File), "--not", not, "--top", "100", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var answer = JsonSerializer.Deserialize<SearchResponse>(result.Stdout, JsonSerializerOptions.Web)!;
        Assert.Equal(direct.Results.Select(r => (r.Id, r.Score)), answer.Results.Select(r => (r.Id, r.Score)));
        // An uploaded photo leaves nothing out, unlike --like.
        Assert.Contains(answer.Results, r => r.Name == photo.File);
    }

    [Fact]
    public async Task MakeFiltersOnTheMetadataGivenAtUpload()
    {
        var make = SearchApiFixture.Makes[1];
        var text = KitCatalog.SearchableRankings.First().Text;

        var result = await SearchAsync("--text", text, "--make", make, "--top", $"{VectorQuery.MaxTop}");

        Assert.Equal(0, result.ExitCode);
        var names = ResultRows(result.Stdout).Select(row => row[2]);
        Assert.Equal(api.MakeOf.Where(pair => pair.Value == make).Select(pair => pair.Key).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AFilterNoImageMatchesSaysSo()
    {
        var result = await SearchAsync("--text", "red car", "--filter", "make=NoSuchMake");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(SearchResultsTable.NoResults, result.Stdout.Trim());
    }

    [Fact]
    public async Task AnApiErrorPrintsTheProblemDetailAndExitsWithOne()
    {
        using var http = new HttpClient();
        var problem = await (await http.GetAsync($"{api.Url}api/search?q=%20%20")).Content.ReadFromJsonAsync<JsonElement>();

        var result = await SearchAsync("--text", "  ");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"carsearch: {problem.GetProperty("detail").GetString()}", Assert.Single(result.StderrLines));
    }

    [Fact]
    public async Task AFileThatIsNotAnImageIsRefusedByTheApiWithItsReason()
    {
        var notes = Path.Combine(Path.GetTempPath(), $"carsearch-notes-{Guid.NewGuid():N}.jpg");
        await File.WriteAllTextAsync(notes, "these are my notes about cars, not a picture");
        try
        {
            var result = await SearchAsync("--image", notes);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("image", Assert.Single(result.StderrLines), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(notes);
        }
    }

    [Fact]
    public async Task TheFunctionKeyTravelsAsAHeader()
    {
        var result = await SearchAsync("--text", "red car", "--code", "the-function-key");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("the-function-key", api.LastFunctionKey);
    }

    [Fact]
    public async Task ARefusedKeyIsExplainedWithTheOptionToFixIt()
    {
        var result = await SearchAsync("--text", "red car", "--code", SearchApiFixture.RefusedFunctionKey);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains("401", line, StringComparison.Ordinal);
        Assert.Contains("--code", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableUrlIsOneLineAndExitCodeOne()
    {
        var url = $"http://127.0.0.1:{LocalPorts.Free()}";

        var result = await CliRun.InProcessAsync("search", "--text", "red car", "--url", url);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains(url, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingImageFileIsABadInput()
    {
        var result = await SearchAsync("--image", Path.Combine(Path.GetTempPath(), "no-such-car.jpg"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-car.jpg", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("search", "--text", "red car", "--image", "car.jpg")]
    [InlineData("search", "--text", "red car", "--top", "0")]
    [InlineData("search", "--text", "red car", "--top", "101")]
    [InlineData("search", "--text", "red car", "--top", "ten")]
    [InlineData("search", "--text", "red car", "--url", "127.0.0.1:7071")]
    [InlineData("search", "--text", "red car", "--filter", "make")]
    [InlineData("search", "--text", "red car", "--filter", "top=3")]
    [InlineData("search", "--text", "red car", "--make", "Tesla", "--filter", "make=Ford")]
    [InlineData("search", "--text", "red car", "--", "blue car")]
    [InlineData("search", "--not", "truck")]
    [InlineData("search", "--text", "red car", "--min-score", "2")]
    [InlineData("search", "--text", "red car", "--min-score", "high")]
    [InlineData("search", "--text", "red car", "--filter", "not=truck")]
    public async Task AUsageErrorExitsWithTwoBeforeAskingTheApi(params string[] args)
    {
        var result = await CliRun.InProcessAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("carsearch: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    private const string SearchCommandMake = Commands.SearchCommand.MakeField;

    private Task<CliResult> SearchAsync(params string[] args) =>
        CliRun.InProcessAsync(["search", .. args, "--url", api.Url]);

    /// <summary>The result table's rows (rank, score, name, metadata, id, facets), without its header.</summary>
    private static List<string[]> ResultRows(string stdout) =>
        [.. ConsoleTable.Rows(stdout).Where(cells => cells.Length == 6 && cells[0] != "rank")];
}
