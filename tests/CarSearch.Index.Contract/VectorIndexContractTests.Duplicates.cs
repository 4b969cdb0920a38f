using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>Near-duplicate groups: <see cref="ImageDocument.DuplicateOf"/> is kept, returned with hits, and a group is listed.</summary>
public abstract partial class VectorIndexContractTests
{
    [SkippableFact]
    public async Task DuplicateOfIsKeptAndEveryHitCarriesIt()
    {
        var index = await NewIndexAsync();
        var vectors = Vectors(30);
        var representative = ContractDocuments.Create("dups/original.jpg", vectors.NextUnit());
        var duplicate = ContractDocuments.Create("dups/copy.jpg", vectors.NextNear(representative.Embedding, 0.001)) with
        {
            DuplicateOf = representative.Id,
        };
        await UpsertAllAsync(index, [representative, duplicate]);

        Assert.Equal(representative.Id, (await index.GetAsync(duplicate.Id))?.DuplicateOf);
        Assert.Null((await index.GetAsync(representative.Id))?.DuplicateOf);
        var hits = (await index.SearchAsync(new VectorQuery(representative.Embedding))).Hits;
        Assert.Equal(2, hits.Count);
        Assert.Equal(representative.Id, Assert.Single(hits, hit => hit.Id == duplicate.Id).DuplicateOf);
        Assert.Null(Assert.Single(hits, hit => hit.Id == representative.Id).DuplicateOf);
    }

    [SkippableFact]
    public async Task ListingDuplicatesGivesEachNamedGroupsMembersWithTheirEmbeddings()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(6, salt: 31);
        var (a, b, single) = (corpus[0], corpus[1], corpus[2]);
        var members = new[]
        {
            corpus[3] with { DuplicateOf = a.Id },
            corpus[4] with { DuplicateOf = a.Id },
            corpus[5] with { DuplicateOf = b.Id },
        };
        await UpsertAllAsync(index, [a, b, single, .. members]);

        var listed = await index.ListDuplicatesAsync([a.Id, b.Id, single.Id]);

        Assert.Equal(members.Select(m => m.Id).Order(StringComparer.Ordinal), listed.Select(d => d.Id).Order(StringComparer.Ordinal));
        foreach (var document in listed)
        {
            var expected = members.Single(m => m.Id == document.Id);
            Assert.Equal(expected.DuplicateOf, document.DuplicateOf);
            Assert.Equal(expected.Name, document.Name);
            Assert.Equal(expected.Embedding, document.Embedding);
        }

        Assert.Empty(await index.ListDuplicatesAsync([single.Id]));
        Assert.Empty(await index.ListDuplicatesAsync([]));
        Assert.Equal([corpus[5].Id], (await index.ListDuplicatesAsync([b.Id])).Select(d => d.Id));
    }

    [SkippableFact]
    public async Task ListingDuplicatesFollowsReplacementsAndDeletes()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(4, salt: 32);
        var (a, b) = (corpus[0], corpus[1]);
        var moving = corpus[2] with { DuplicateOf = a.Id };
        var staying = corpus[3] with { DuplicateOf = a.Id };
        await UpsertAllAsync(index, [a, b, moving, staying]);

        await index.UpsertAsync(moving with { DuplicateOf = b.Id });
        Assert.Equal([staying.Id], (await index.ListDuplicatesAsync([a.Id])).Select(d => d.Id));
        Assert.Equal([moving.Id], (await index.ListDuplicatesAsync([b.Id])).Select(d => d.Id));

        await index.DeleteAsync(staying.Id);
        await index.UpsertAsync(moving with { DuplicateOf = null });

        Assert.Empty(await index.ListDuplicatesAsync([a.Id, b.Id]));
        Assert.Null((await index.GetAsync(moving.Id))?.DuplicateOf);
    }
}
