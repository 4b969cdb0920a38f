using System.Text.Json.Nodes;
using CarSearch.Core.Index;
using CarSearch.Tests.Cosmos;

namespace CarSearch.Cosmos.Tests;

/// <summary>The one parameterised vector query the SDK sends, and that user input never becomes query text.</summary>
public class SearchQueryWireTests
{
    private const int Dimensions = 16;

    public static TheoryData<string, string> HostileFilters => new()
    {
        { "make", "x' OR 1=1 --" },
        { "make\" OR 1=1 --", "Audi" },
        { "a] OR c.id != \"", "\") OR (1=1" },
        { "colour", "red; DROP TABLE c; --" },
        { "--", "/* */ OR true" },
        { "k\\", "'\\'" },
    };

    [Fact]
    public async Task TheFirstPageIsOneTopQueryWithEveryValueAsAParameter()
    {
        using var account = await InitializedAsync();
        var vector = TestDocuments.UnitVector(1, Dimensions);
        var filters = new Dictionary<string, string> { ["Make"] = "Audi", ["colour"] = "red" };

        await account.Index.SearchAsync(new VectorQuery(vector, Top: 7, Filters: filters, ExcludeIds: ["car-9", "car-10"]));

        var query = Assert.Single(SentQueries(account));
        Assert.Equal(
            "SELECT TOP @top c.id, c.name, c.metadata, c.duplicateOf, VectorDistance(c.embedding, @vector) AS score FROM c "
            + "WHERE c.filterMetadata[@key0] = @value0 AND c.filterMetadata[@key1] = @value1 AND c.id != @exclude0 AND c.id != @exclude1 "
            + "ORDER BY VectorDistance(c.embedding, @vector)",
            query.QueryText);
        var parameters = query.QueryParameters;
        Assert.Equal(7 + 1 + CosmosVectorIndex.PageSlack, parameters["@top"]!.GetValue<int>());
        Assert.Equal(vector, parameters["@vector"]!.AsArray().Select(n => n!.GetValue<float>()));
        Assert.Equal("colour", parameters["@key0"]!.GetValue<string>());
        Assert.Equal("red", parameters["@value0"]!.GetValue<string>());
        Assert.Equal("make", parameters["@key1"]!.GetValue<string>());
        Assert.Equal("Audi", parameters["@value1"]!.GetValue<string>());
        Assert.Equal("car-10", parameters["@exclude0"]!.GetValue<string>());
        Assert.Equal("car-9", parameters["@exclude1"]!.GetValue<string>());
    }

    [Fact]
    public async Task ALaterPageSendsTheSameQueryForTheRowsUpToItsKeyAndOnePageMore()
    {
        using var account = await WithCarsAsync(20);

        var query = new VectorQuery(TestDocuments.UnitVector(99, Dimensions), Top: 5);
        var first = await account.Index.SearchAsync(query);
        var second = await account.Index.SearchAsync(query with { ContinuationToken = first.ContinuationToken });

        var sent = SentQueries(account);
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].QueryText, sent[1].QueryText);
        Assert.Equal(5 + 5 + 1 + CosmosVectorIndex.PageSlack, sent[1].QueryParameters["@top"]!.GetValue<int>());
        Assert.Equal(5, second.Hits.Count);
        Assert.Empty(first.Hits.Select(h => h.Id).Intersect(second.Hits.Select(h => h.Id)));
    }

    [Fact]
    public async Task DocumentsInsertedAboveTheKeyCostOneMoreQueryForTwiceTheRows()
    {
        using var account = await WithCarsAsync(20);

        var query = new VectorQuery(TestDocuments.UnitVector(99, Dimensions), Top: 5);
        var expected = (await account.Index.SearchAsync(query with { Top = 10 })).Hits.Skip(5).Select(h => h.Id);
        var first = await account.Index.SearchAsync(query);

        // More documents above the key than the slack absorbs: the query itself scores 1, above everything.
        for (var i = 0; i < CosmosVectorIndex.PageSlack + 1; i++)
        {
            await account.Index.UpsertAsync(TestDocuments.Create($"new-{i}", 0, Dimensions) with { Embedding = query.Vector });
        }

        var before = SentQueries(account).Count;
        var second = await account.Index.SearchAsync(query with { ContinuationToken = first.ContinuationToken });

        var sent = SentQueries(account).Skip(before).ToList();
        Assert.Equal(2, sent.Count);
        var rows = 5 + 5 + 1 + CosmosVectorIndex.PageSlack;
        Assert.Equal([rows, 2 * rows], sent.Select(q => q.QueryParameters["@top"]!.GetValue<int>()));
        Assert.Equal(expected, second.Hits.Select(h => h.Id));
    }

    [Theory]
    [MemberData(nameof(HostileFilters))]
    public async Task HostileFilterKeysAndValuesTravelOnlyAsParameters(string key, string value)
    {
        using var account = await InitializedAsync();
        var target = TestDocuments.Create("target", 1, Dimensions, new Dictionary<string, string> { [key] = value });
        await account.Index.UpsertAsync(target);
        await account.Index.UpsertAsync(TestDocuments.Create("other", 2, Dimensions, new Dictionary<string, string> { ["make"] = "Audi" }));
        var vector = TestDocuments.UnitVector(3, Dimensions);

        var page = await account.Index.SearchAsync(new VectorQuery(vector, Filters: new Dictionary<string, string> { [key] = value }));
        await account.Index.SearchAsync(new VectorQuery(vector, Filters: new Dictionary<string, string> { ["make"] = "Audi" }));

        // Exactly the hostile document matches, and the query text is the same as for a harmless filter.
        Assert.Equal("target", Assert.Single(page.Hits).Id);
        var sent = SentQueries(account);
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[1].QueryText, sent[0].QueryText);
        Assert.Equal(key.ToLowerInvariant(), sent[0].QueryParameters["@key0"]!.GetValue<string>());
        Assert.Equal(value, sent[0].QueryParameters["@value0"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheScoreIsTheCosineSimilarityVectorDistanceReturns()
    {
        using var account = await InitializedAsync();
        float[] a = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        float[] b = [0.6f, 0.8f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        float[] c = [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        foreach (var (id, vector) in new[] { ("a", a), ("b", b), ("c", c) })
        {
            await account.Index.UpsertAsync(TestDocuments.Create(id, 0, Dimensions) with { Embedding = vector });
        }

        var page = await account.Index.SearchAsync(new VectorQuery(a, Top: 3));

        Assert.Equal(["a", "b", "c"], page.Hits.Select(h => h.Id));
        Assert.Equal([1.0, 0.6, -1.0], page.Hits.Select(h => Math.Round(h.Score, 6)));
    }

    /// <summary>
    /// The queries as the index wrote them: the SDK sends each first to the Gateway for a query plan, then runs the
    /// plan's rewritten form (same parameters) against the partitions.
    /// </summary>
    [Fact]
    public async Task AListingOfDuplicateGroupsIsOneQueryWithTheIdsAsOneParameter()
    {
        using var account = await InitializedAsync();
        string[] groups = ["car-1", "x\" OR 1=1 --", "car-1"];

        await account.Index.ListDuplicatesAsync(groups);

        var query = Assert.Single(SentQueries(account));
        Assert.Equal("SELECT VALUE c FROM c WHERE ARRAY_CONTAINS(@groups, c.duplicateOf)", query.QueryText);
        Assert.Equal(["car-1", "x\" OR 1=1 --"], query.QueryParameters["@groups"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private static List<RecordedRequest> SentQueries(FakeCosmosAccount account) => account.Requests(r => r.IsQueryPlan);

    private static async Task<FakeCosmosAccount> InitializedAsync()
    {
        var account = new FakeCosmosAccount(o => o.Dimensions = Dimensions);
        await account.Index.InitializeAsync();
        return account;
    }

    private static async Task<FakeCosmosAccount> WithCarsAsync(int count)
    {
        var account = await InitializedAsync();
        for (var i = 0; i < count; i++)
        {
            await account.Index.UpsertAsync(TestDocuments.Create($"car-{i}", i, Dimensions));
        }

        return account;
    }
}
