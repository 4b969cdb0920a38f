using CarSearch.Core.Facets;
using CarSearch.Core.Index;

namespace CarSearch.Core.Tests.Facets;

/// <summary>How facets become metadata, what becomes of a user's own auto.* keys, and the counts a page answers with.</summary>
public sealed class AutoMetadataTests
{
    private static readonly ImageFacets Facets = new("0123456789abcdef",
    [
        new FacetLabel(FacetSet.Colour, "red", 0.04321f),
        new FacetLabel(FacetSet.Body, "pickup truck", 0.001f),
        new FacetLabel(FacetSet.View, "side", 0f),
    ]);

    [Fact]
    public void EachSetsWinnerAndMarginAreStoredBesideTheUsersMetadata()
    {
        var combined = AutoMetadata.Combine(new Dictionary<string, string> { ["make"] = "Ford" }, Facets);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["make"] = "Ford",
                ["auto.colour"] = "red",
                ["auto.colour.margin"] = "0.0432",
                ["auto.body"] = "pickup truck",
                ["auto.body.margin"] = "0.0010",
                ["auto.view"] = "side",
                ["auto.view.margin"] = "0.0000",
            },
            combined);
    }

    [Fact]
    public void AUsersOwnAutoKeysAreDroppedWhateverTheirCase()
    {
        var user = new Dictionary<string, string>
        {
            ["auto.colour"] = "blue",
            ["AUTO.Trim"] = "GT",
            ["Auto.colour.margin"] = "1",
            ["automatic"] = "yes",
        };

        var combined = AutoMetadata.Combine(user, Facets);

        Assert.Equal("red", combined["auto.colour"]);
        Assert.Equal("0.0432", combined["AUTO.COLOUR.MARGIN"]);
        Assert.False(combined.ContainsKey("auto.trim"));
        Assert.Equal("yes", combined["automatic"]);
        Assert.True(AutoMetadata.IsReserved("Auto.Anything"));
        Assert.False(AutoMetadata.IsReserved("automatic"));
    }

    [Fact]
    public void CountsAreTakenFromThePageEverySetPresentMostFrequentFirst()
    {
        static SearchHit Hit(string id, string? colour, string? body)
        {
            var metadata = new Dictionary<string, string> { ["make"] = "Ford" };
            if (colour is not null)
            {
                metadata["auto.colour"] = colour;
                metadata["auto.colour.margin"] = "0.1";
            }

            if (body is not null)
            {
                metadata["auto.body"] = body;
            }

            return new SearchHit(id, id, 0.5, metadata);
        }

        var hits = new[]
        {
            Hit("a", "red", "van"), Hit("b", "blue", "van"), Hit("c", "red", null), Hit("d", null, null), Hit("e", "red", "SUV"),
        };

        var counts = FacetCounts.Of(hits);

        Assert.Equal(["auto.colour", "auto.body", "auto.view"], counts.Keys);
        Assert.Equal([KeyValuePair.Create("red", 3), KeyValuePair.Create("blue", 1)], counts["auto.colour"]);
        Assert.Equal([KeyValuePair.Create("van", 2), KeyValuePair.Create("SUV", 1)], counts["auto.body"]);
        Assert.Empty(counts["auto.view"]);
    }
}
