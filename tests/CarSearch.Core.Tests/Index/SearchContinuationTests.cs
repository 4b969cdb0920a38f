using CarSearch.Core.Index;
using CarSearch.Core.Search;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index;

/// <summary>A token carries the key of the page it continues, exactly, and ends at the paging depth limit.</summary>
public sealed class SearchContinuationTests
{
    private readonly TestVectors _vectors = new(512, seed: 41);

    [Theory]
    [InlineData(0.123456789012345678, "cars_red_car.jpg-0123456789abcdef", 1)]
    [InlineData(-0.999999940395355, "ü-car.jpg", 9_999)]
    [InlineData(1.0, "a", 57)]
    public void TheKeyComesBackBitForBit(double score, string id, int rank)
    {
        var query = new VectorQuery(_vectors.NextUnit(), Top: 7);

        var token = SearchContinuation.Create(query, Hit(id, score), rank);
        var key = SearchContinuation.Read(query with { Top = 3, ContinuationToken = token });

        Assert.Equal(new ContinuationKey(score, id, rank), key);
        Assert.Equal(BitConverter.DoubleToInt64Bits(score), BitConverter.DoubleToInt64Bits(key!.Score));
    }

    [Fact]
    public void NoTokenIsIssuedAtTheDepthLimit()
    {
        var query = new VectorQuery(_vectors.NextUnit(), Top: VectorQuery.MaxTop);

        var last = SearchContinuation.Create(query, Hit("car.jpg", 0.5), SearchContinuation.MaxResultDepth - 1);

        Assert.NotNull(last);
        Assert.Equal(SearchContinuation.MaxResultDepth - 1, SearchContinuation.Read(query with { ContinuationToken = last })!.Rank);
        Assert.Null(SearchContinuation.Create(query, Hit("car.jpg", 0.5), SearchContinuation.MaxResultDepth));
    }

    [Fact]
    public void ATokenForTheLongestIdFitsTheLengthTheApiAccepts()
    {
        var query = new VectorQuery(_vectors.NextUnit());
        var longest = DocumentId.FromName(new string('x', DocumentId.MaxLength));
        Assert.Equal(DocumentId.MaxLength, longest.Length);

        var token = SearchContinuation.Create(query, Hit(longest, -0.25), SearchContinuation.MaxResultDepth - 1);

        Assert.InRange(token!.Length, 1, SearchParameters.MaxContinuationTokenLength);
    }

    [Fact]
    public void ATokenCutShortIsNotOneThisIndexIssued()
    {
        var query = new VectorQuery(_vectors.NextUnit());
        var token = SearchContinuation.Create(query, Hit("car.jpg", 0.5), 10)!;

        // 28 characters decode to 21 bytes: the key without a single byte of id.
        var error = Assert.Throws<ArgumentException>(() => SearchContinuation.Read(query with { ContinuationToken = token[..28] }));

        Assert.StartsWith("The continuation token is not one this index issued.", error.Message, StringComparison.Ordinal);
    }

    private static SearchHit Hit(string id, double score) => new(id, id, score, new Dictionary<string, string>());
}
