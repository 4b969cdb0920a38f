using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>Equality filters on metadata fields: keys case-insensitive, values exact.</summary>
public abstract partial class VectorIndexContractTests
{
    private static readonly string[] Makes = ["Audi", "BMW", "Citroën"];
    private static readonly string[] Colours = ["red", "blue"];

    /// <summary>36 cars: every make with every colour, six of each pair, keys stored capitalised.</summary>
    private List<ImageDocument> CarCorpus() => Corpus(36, salt: 10, metadata: i => new Dictionary<string, string>
    {
        ["Make"] = Makes[i % Makes.Length],
        ["Colour"] = Colours[i / Makes.Length % Colours.Length],
        ["Year"] = (1990 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [SkippableTheory]
    [InlineData("Make", "BMW")]
    [InlineData("make", "Citroën")]
    [InlineData("mAKE", "Audi")]
    public async Task FilterOnOneFieldRanksOnlyTheMatchingDocuments(string key, string make)
    {
        var index = await NewIndexAsync();
        var corpus = CarCorpus();
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 11).NextUnit();

        var page = await index.SearchAsync(new VectorQuery(query, Top: 10, Filters: new Dictionary<string, string> { [key] = make }));

        AssertRanked(corpus.Where(d => d.Metadata["Make"] == make).ToList(), query, page.Hits, 10);
    }

    [SkippableFact]
    public async Task FilterOnTwoFieldsNeedsBothToMatch()
    {
        var index = await NewIndexAsync();
        var corpus = CarCorpus();
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 12).NextUnit();
        var filters = new Dictionary<string, string> { ["Make"] = "Citroën", ["Colour"] = "blue" };

        var page = await index.SearchAsync(new VectorQuery(query, Top: 10, Filters: filters));

        var matching = corpus.Where(d => d.Metadata["Make"] == "Citroën" && d.Metadata["Colour"] == "blue").ToList();
        Assert.Equal(6, matching.Count);
        AssertRanked(matching, query, page.Hits, matching.Count);
        Assert.Null(page.ContinuationToken);
    }

    [SkippableFact]
    public async Task FilterValuesMustMatchExactly()
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, CarCorpus());

        var page = await index.SearchAsync(new VectorQuery(
            Vectors().NextUnit(), Filters: new Dictionary<string, string> { ["Make"] = "bmw" }));

        Assert.Empty(page.Hits);
        Assert.Null(page.ContinuationToken);
    }

    [SkippableFact]
    public async Task FilterOnAFieldNoDocumentHasFindsNothing()
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, CarCorpus());

        var page = await index.SearchAsync(new VectorQuery(
            Vectors().NextUnit(), Filters: new Dictionary<string, string> { ["Trim"] = "GT" }));

        Assert.Empty(page.Hits);
        Assert.Null(page.ContinuationToken);
    }

    /// <summary>The ingest's facets are metadata with dotted names (auto.colour); they filter like any other field.</summary>
    [SkippableTheory]
    [InlineData("auto.colour")]
    [InlineData("AUTO.Colour")]
    public async Task FilterOnADottedNameMatchesThatFieldOnly(string key)
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(24, salt: 13, metadata: i => new Dictionary<string, string>
        {
            ["auto.colour"] = Colours[i % Colours.Length],
            ["auto.colour.margin"] = "0.0100",
            ["colour"] = Colours[(i + 1) % Colours.Length],
        });
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 14).NextUnit();

        var page = await index.SearchAsync(new VectorQuery(query, Top: 20, Filters: new Dictionary<string, string> { [key] = "red" }));

        var matching = corpus.Where(d => d.Metadata["auto.colour"] == "red").ToList();
        Assert.Equal(12, matching.Count);
        AssertRanked(matching, query, page.Hits, matching.Count);
        Assert.All(page.Hits, hit => Assert.Equal("red", hit.Metadata["auto.colour"]));
    }

    [SkippableFact]
    public async Task FilterWithExcludeIdAppliesBoth()
    {
        var index = await NewIndexAsync();
        var corpus = CarCorpus();
        await UpsertAllAsync(index, corpus);
        var source = corpus.First(d => d.Metadata["Make"] == "Audi");

        var page = await index.SearchAsync(new VectorQuery(
            source.Embedding, Top: 20, Filters: new Dictionary<string, string> { ["make"] = "Audi" }, ExcludeIds: [source.Id]));

        var matching = corpus.Where(d => d.Metadata["Make"] == "Audi" && d.Id != source.Id).ToList();
        AssertRanked(matching, source.Embedding, page.Hits, matching.Count);
    }
}
