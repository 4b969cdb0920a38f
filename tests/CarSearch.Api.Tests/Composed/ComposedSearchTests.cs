using System.Text.Json.Nodes;
using CarSearch.Tests;
using CarSearch.Api.Model;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;

namespace CarSearch.Api.Tests.Composed;

/// <summary>
/// POST /api/search and the GET shorthands rank as the README states: the weighted sum of the terms' normalised
/// embeddings, normalised, cosine to every image, the terms' own images left out.
/// </summary>
[Collection(KitApi.Name)]
public sealed class ComposedSearchTests(KitApiFixture fixture)
{
    /// <summary>float32 arithmetic in the index against double here: scores agree far closer than any kit gap.</summary>
    private const double ScoreTolerance = 1e-5;

    private readonly HttpClient _client = fixture.Client;

    private static string Text(int i) => KitCatalog.SearchableRankings.ElementAt(i).Text;

    private static string File(int i) => KitCatalog.Images[i].File;

    public static TheoryData<TestTerm[]> Queries() =>
    [
        [TestTerm.ForText(Text(0))],
        [TestTerm.ForText(Text(0)), TestTerm.ForText(Text(1), -0.5)],
        [TestTerm.ForText(Text(0)), TestTerm.ForImage(File(1), 0.5), TestTerm.ForText(Text(2), -0.5)],
        [TestTerm.ForImage(File(2)), TestTerm.ForImage(File(5))],
        [TestTerm.ForImage(File(3), 2), TestTerm.ForText(Text(1), -3), TestTerm.ForText(Text(0), 0)],
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task PostRanksByTheWeightedSumOfNormalisedEmbeddings(TestTerm[] terms)
    {
        var expected = await ExpectedRanking.OfAsync(fixture.Host, terms);

        var search = await ApiAssert.SearchAsync(await _client.PostAsync(ComposedQueries.Body(terms, VectorQuery.MaxTop)));

        AssertRanking(expected, search);
        Assert.Null(search.ContinuationToken);
    }

    [Fact]
    public async Task GetShorthandsAreQWithWeightOneNotWithMinusAHalfAndLikeWithOne()
    {
        var expected = await ExpectedRanking.OfAsync(
            fixture.Host,
            TestTerm.ForText(Text(0)), TestTerm.ForText(Text(1), -0.5), TestTerm.ForText(Text(2), -0.5), TestTerm.ForImage(File(4)));

        var search = await _client.GetSearchAsync(
            $"/api/search?q={Uri.EscapeDataString(Text(0))}&not={Uri.EscapeDataString(Text(1))}&not={Uri.EscapeDataString(Text(2))}"
            + $"&like={Uri.EscapeDataString(DocumentId.FromName(File(4)))}&top={VectorQuery.MaxTop}");

        AssertRanking(expected, search);
    }

    [Fact]
    public async Task LikeAloneNeedsNoQ()
    {
        var expected = await ExpectedRanking.OfAsync(fixture.Host, TestTerm.ForImage(File(0)), TestTerm.ForImage(File(6)));

        var search = await _client.GetSearchAsync(
            $"/api/search?like={Uri.EscapeDataString(DocumentId.FromName(File(0)))}&like={Uri.EscapeDataString(DocumentId.FromName(File(6)))}&top={VectorQuery.MaxTop}");

        AssertRanking(expected, search);
    }

    [Fact]
    public async Task APhotoTermInBase64OrInAMultipartFieldIsThePhotoSearch()
    {
        var bytes = KitCatalog.Images[7].ReadBytes();
        var byPhoto = await ApiAssert.SearchAsync(await _client.PostAsync(
            "/api/search/image?top=100", new ByteArrayContent(bytes)));

        var base64 = await ApiAssert.SearchAsync(await _client.PostAsync(
            ComposedQueries.Body([new JsonObject { ["image"] = Convert.ToBase64String(bytes) }], VectorQuery.MaxTop)));
        var dataUrl = await ApiAssert.SearchAsync(await _client.PostAsync(
            ComposedQueries.Body([new JsonObject { ["image"] = "data:image/jpeg;base64," + Convert.ToBase64String(bytes) }], VectorQuery.MaxTop)));
        var multipart = await ApiAssert.SearchAsync(await _client.PostMultipartAsync(
            ComposedQueries.Body([new JsonObject { ["imagePart"] = "photo1" }], VectorQuery.MaxTop), ("photo1", bytes)));

        foreach (var composed in new[] { base64, dataUrl, multipart })
        {
            Assert.Equal(byPhoto.Results.Select(r => r.Id), composed.Results.Select(r => r.Id));
            Assert.All(byPhoto.Results.Zip(composed.Results), pair => Assert.Equal(pair.First.Score, pair.Second.Score, ScoreTolerance));
        }
    }

    [Fact]
    public async Task MultipartMixesPhotosTextsAndImagesByWeight()
    {
        // The photo is an indexed image's bytes, so its term is that image's term, except that an uploaded photo
        // leaves nothing out: the ranking is the image-id form's plus the photo's own image.
        var photoFile = File(2);
        var expected = await ExpectedRanking.OfAsync(
            fixture.Host, TestTerm.ForImage(photoFile), TestTerm.ForText(Text(1), -0.5), TestTerm.ForImage(File(3), 0.5));
        var query = ComposedQueries.Body(
            [
                new JsonObject { ["imagePart"] = "front" },
                ComposedQueries.Term(TestTerm.ForText(Text(1), -0.5)),
                ComposedQueries.Term(TestTerm.ForImage(File(3), 0.5)),
            ],
            VectorQuery.MaxTop);

        var search = await ApiAssert.SearchAsync(await _client.PostMultipartAsync(query, ("front", KitCatalog.Images[2].ReadBytes())));

        Assert.Equal(expected.Count + 1, search.Results.Count);
        Assert.Contains(search.Results, r => r.Name == photoFile);
        AssertRanking(expected, new SearchResponse([.. search.Results.Where(r => r.Name != photoFile)], null));
    }

    [Fact]
    public async Task AnImageTermsOwnImageIsLeftOutEvenWithANegativeWeight()
    {
        var search = await ApiAssert.SearchAsync(await _client.PostAsync(ComposedQueries.Body(
            [TestTerm.ForText(Text(0)), TestTerm.ForImage(File(1), -1), TestTerm.ForImage(File(2), 0.3)], VectorQuery.MaxTop)));

        Assert.Equal(KitCatalog.Images.Count - 2, search.Results.Count);
        Assert.DoesNotContain(search.Results, r => r.Name == File(1) || r.Name == File(2));
    }

    [Fact]
    public async Task PagesOfAComposedQueryWalkItsRankingOnceAndTheTokenBindsToTheQuery()
    {
        var terms = new[] { TestTerm.ForText(Text(0)), TestTerm.ForImage(File(1), 0.5), TestTerm.ForText(Text(1), -0.5) };
        var expected = await ExpectedRanking.OfAsync(fixture.Host, terms);

        var walked = new List<SearchResult>();
        string? token = null;
        do
        {
            var body = ComposedQueries.Body(terms, top: 3);
            body["continuationToken"] = token;
            var page = await ApiAssert.SearchAsync(await _client.PostAsync(body));
            walked.AddRange(page.Results);
            token = page.ContinuationToken;
            if (token is not null && walked.Count == 3)
            {
                // The same token with another weight, or without the image term, is another query.
                var reweighted = ComposedQueries.Body(
                    [TestTerm.ForText(Text(0)), TestTerm.ForImage(File(1), 0.6), TestTerm.ForText(Text(1), -0.5)], top: 3);
                reweighted["continuationToken"] = token;
                await ApiAssert.ProblemAsync(await _client.PostAsync(reweighted), System.Net.HttpStatusCode.BadRequest, "continuationToken");
            }
        }
        while (token is not null);

        AssertRanking(expected, new SearchResponse(walked, null));
    }

    [Fact]
    public async Task FiltersInTheBodyNarrowTheRanking()
    {
        var terms = new[] { TestTerm.ForText(Text(0)), TestTerm.ForText(Text(1), -0.5) };
        var pngs = KitCatalog.Images.Where(image => image.Format == "PNG").Select(image => DocumentId.FromName(image.File)).ToHashSet();
        var expected = (await ExpectedRanking.OfAsync(fixture.Host, terms)).Where(r => pngs.Contains(r.Id)).ToList();
        var body = ComposedQueries.Body(terms, VectorQuery.MaxTop);
        body["filters"] = new JsonObject { ["FORMAT"] = "PNG" };

        var search = await ApiAssert.SearchAsync(await _client.PostAsync(body));

        AssertRanking(expected, search);
    }

    private static void AssertRanking(List<(string Id, double Score)> expected, SearchResponse search, double scoreTolerance = ScoreTolerance)
    {
        Assert.Equal(expected.Select(r => r.Id).Order(StringComparer.Ordinal), search.Results.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(search.Results.Select(r => r.Score).OrderDescending(), search.Results.Select(r => r.Score));
        foreach (var (id, score) in expected)
        {
            var actual = search.Results.Single(r => r.Id == id).Score;
            Assert.True(Math.Abs(actual - score) <= scoreTolerance, $"{id}: score {actual:F7}, expected {score:F7}");
        }

        // Where the expected scores are apart by more than the tolerance, the order must be theirs.
        var position = search.Results.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        foreach (var higher in expected)
        {
            foreach (var lower in expected.Where(l => higher.Score - l.Score > 2 * scoreTolerance))
            {
                Assert.True(position[higher.Id] < position[lower.Id], $"{higher.Id} ({higher.Score:F6}) should rank above {lower.Id} ({lower.Score:F6})");
            }
        }
    }
}
