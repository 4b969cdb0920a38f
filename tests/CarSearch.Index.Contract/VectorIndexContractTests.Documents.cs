using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>Storing, reading, replacing, deleting, counting and listing documents.</summary>
public abstract partial class VectorIndexContractTests
{
    /// <summary>Blob names users really upload: folders, spaces, accents, other scripts, URL-special characters.</summary>
    public static TheoryData<string> OddNames => new()
    {
        "plain-name_1.jpg",
        "folder/sub folder/car 1.jpg",
        "voiture été/Citroën DS.jpeg",
        "日本車/トヨタ 2000GT.png",
        "car#1?v=2&x=%20.webp",
        "back\\slash 'quoted' \"double\".gif",
    };

    [SkippableFact]
    public async Task UpsertThenGetRoundTripsEveryField()
    {
        var index = await NewIndexAsync();
        var metadata = new Dictionary<string, string>
        {
            ["make"] = "Citroën", ["Model"] = "DS 21", ["year"] = "1968", ["auto.colour"] = "grey", ["auto.colour.margin"] = "0.0123",
        };
        var stored = ContractDocuments.Create("garage/ds.jpg", Vectors().NextUnit(), metadata);

        await index.UpsertAsync(stored);
        var read = await index.GetAsync(stored.Id);

        Assert.NotNull(read);
        Assert.Equal(stored.Id, read.Id);
        Assert.Equal(stored.Name, read.Name);
        Assert.Equal(stored.ContentHash, read.ContentHash);
        Assert.Equal(stored.Width, read.Width);
        Assert.Equal(stored.Height, read.Height);
        Assert.Equal(stored.Format, read.Format);
        Assert.Equal(stored.SizeBytes, read.SizeBytes);
        Assert.Equal(stored.ModelId, read.ModelId);
        Assert.Equal(stored.IndexedAt, read.IndexedAt);
        Assert.Equal(stored.FacetVersion, read.FacetVersion);
        AssertSameMetadata(stored.Metadata, read.Metadata);
        Assert.Equal(stored.Embedding.Length, read.Embedding.Length);
        for (var i = 0; i < stored.Embedding.Length; i++)
        {
            Assert.InRange(read.Embedding[i], stored.Embedding[i] - 1e-6f, stored.Embedding[i] + 1e-6f);
        }
    }

    [SkippableFact]
    public async Task GetOfAnUnknownIdIsNull()
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, Corpus(3));

        Assert.Null(await index.GetAsync(DocumentId.FromName("never stored.jpg")));
    }

    [SkippableFact]
    public async Task UpsertWithAnExistingIdReplacesTheDocument()
    {
        var index = await NewIndexAsync();
        var vectors = Vectors();
        var first = ContractDocuments.Create("car.jpg", vectors.NextUnit(), new Dictionary<string, string> { ["colour"] = "red" });
        var second = first with
        {
            ContentHash = new string('0', 64),
            Width = 1024,
            Metadata = new Dictionary<string, string> { ["colour"] = "blue", ["make"] = "Fiat" },
            Embedding = vectors.NextUnit(),
        };

        await index.UpsertAsync(first);
        await index.UpsertAsync(second);

        Assert.Equal(1, await index.CountAsync());
        var read = await index.GetAsync(first.Id);
        Assert.NotNull(read);
        Assert.Equal(second.ContentHash, read.ContentHash);
        Assert.Equal(1024, read.Width);
        AssertSameMetadata(second.Metadata, read.Metadata);

        // The search must score the new embedding, not the old one.
        var page = await index.SearchAsync(new VectorQuery(second.Embedding, Top: 5));
        AssertRanked([second], second.Embedding, page.Hits, 1);
        Assert.Empty((await index.SearchAsync(new VectorQuery(
            first.Embedding, Filters: new Dictionary<string, string> { ["colour"] = "red" }))).Hits);
    }

    [SkippableFact]
    public async Task DeleteRemovesTheDocumentAndSaysWhetherThereWasOne()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(5);
        await UpsertAllAsync(index, corpus);
        var victim = corpus[2];

        Assert.True(await index.DeleteAsync(victim.Id));
        Assert.False(await index.DeleteAsync(victim.Id));
        Assert.False(await index.DeleteAsync(DocumentId.FromName("never stored.jpg")));

        Assert.Null(await index.GetAsync(victim.Id));
        Assert.Equal(4, await index.CountAsync());
        var page = await index.SearchAsync(new VectorQuery(victim.Embedding, Top: 10));
        var remaining = corpus.Where(d => d.Id != victim.Id).ToList();
        AssertRanked(remaining, victim.Embedding, page.Hits, remaining.Count);
    }

    [SkippableFact]
    public async Task CountFollowsUpsertsAndDeletes()
    {
        var index = await NewIndexAsync();
        Assert.Equal(0, await index.CountAsync());

        var corpus = Corpus(7);
        await UpsertAllAsync(index, corpus);
        Assert.Equal(7, await index.CountAsync());

        await index.UpsertAsync(corpus[0] with { Width = 1 });
        await index.DeleteAsync(corpus[1].Id);
        Assert.Equal(6, await index.CountAsync());
    }

    [SkippableFact]
    public async Task TheListingHoldsEveryStoredDocumentOnceWithItsNameVersionAndModel()
    {
        var index = await NewIndexAsync();
        Assert.Empty(await index.ListAsync().ToListAsync());

        var corpus = Corpus(12).Select((d, i) => d with
        {
            SourceVersion = i % 3 == 0 ? null : $"\"v{i}\"",
            ModelId = $"model-{i % 2}",
            FacetVersion = i % 4 == 0 ? null : $"facets-{i % 3}",
        }).ToList();
        await UpsertAllAsync(index, corpus);
        await index.DeleteAsync(corpus[4].Id);

        var entries = await index.ListAsync().ToListAsync();
        Assert.Equal(
            corpus.Where(d => d.Id != corpus[4].Id)
                .Select(d => new IndexEntry(d.Id, d.Name, d.SourceVersion, d.ModelId, d.FacetVersion))
                .OrderBy(e => e.Id, StringComparer.Ordinal),
            entries.OrderBy(e => e.Id, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task TheSourceVersionIsStoredAndReplaced()
    {
        var index = await NewIndexAsync();
        var document = Corpus(1)[0] with { SourceVersion = "\"0x8DC0FFEE\"" };
        await index.UpsertAsync(document);
        Assert.Equal(document.SourceVersion, (await index.GetAsync(document.Id))!.SourceVersion);

        await index.UpsertAsync(document with { SourceVersion = "\"0x8DC0FFEF\"" });
        Assert.Equal("\"0x8DC0FFEF\"", (await index.GetAsync(document.Id))!.SourceVersion);
    }

    [SkippableFact]
    public async Task TheFacetVersionIsStoredReplacedAndMayBeAbsent()
    {
        var index = await NewIndexAsync();
        var document = Corpus(1)[0] with { FacetVersion = "0123456789abcdef" };
        await index.UpsertAsync(document);
        Assert.Equal("0123456789abcdef", (await index.GetAsync(document.Id))!.FacetVersion);

        await index.UpsertAsync(document with { FacetVersion = null });
        Assert.Null((await index.GetAsync(document.Id))!.FacetVersion);
    }

    [SkippableTheory]
    [MemberData(nameof(OddNames))]
    public async Task IdsMadeFromOddNamesWorkEverywhere(string name)
    {
        var index = await NewIndexAsync();
        var vectors = Vectors(name.Length);
        var document = ContractDocuments.Create(name, vectors.NextUnit(), new Dictionary<string, string> { ["source"] = name });
        var neighbour = ContractDocuments.Create("neighbour.jpg", vectors.NextUnit());
        await UpsertAllAsync(index, [document, neighbour]);

        var read = await index.GetAsync(document.Id);
        Assert.NotNull(read);
        Assert.Equal(name, read.Name);
        Assert.Contains(document.Id, (await index.ListAsync().ToListAsync()).Select(e => e.Id));

        var page = await index.SearchAsync(new VectorQuery(document.Embedding, Top: 2));
        AssertRanked([document, neighbour], document.Embedding, page.Hits, 2);
        var excluded = await index.SearchAsync(new VectorQuery(document.Embedding, Top: 2, ExcludeIds: [document.Id]));
        Assert.Equal(neighbour.Id, Assert.Single(excluded.Hits).Id);

        Assert.True(await index.DeleteAsync(document.Id));
        Assert.Null(await index.GetAsync(document.Id));
    }

    [SkippableTheory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task UpsertOfAnEmbeddingOfAnotherDimensionIsRejected(int difference)
    {
        var index = await NewIndexAsync();
        var wrong = ContractDocuments.Create("wrong.jpg", new TestVectors(Dimensions + difference, Seed).NextUnit());

        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.UpsertAsync(wrong));
        Assert.Equal(0, await index.CountAsync());
    }
}
