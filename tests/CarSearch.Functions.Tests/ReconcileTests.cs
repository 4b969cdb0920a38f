using CarSearch.Core.Index;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Tests;

/// <summary>The reconciliation timer function repairs what events missed, both ways.</summary>
[Collection(WithAzurite.Name)]
public sealed class ReconcileTests(FunctionsEnvironment environment) : OwnHostTests(environment)
{
    [Fact]
    public async Task AMissedUploadIsIndexedAndAMissedDeleteIsRemoved()
    {
        var (missedUpload, missedDelete, untouched) = (KitCatalog.Images[0], KitCatalog.Images[1], KitCatalog.Images[2]);
        foreach (var image in new[] { missedDelete, untouched })
        {
            await Host.UploadAsync(image.File, image.ReadBytes());
            await Host.IngestAsync(image.File);
        }

        await Host.Blobs.DeleteAsync(missedDelete.File);
        await Host.UploadAsync(missedUpload.File, missedUpload.ReadBytes());

        await Host.InvokeAsync<Reconcile>(function => function.Run(new TimerInfo(), CancellationToken.None));

        Assert.NotNull(await Host.Index.GetAsync(DocumentId.FromName(missedUpload.File)));
        Assert.Null(await Host.Index.GetAsync(DocumentId.FromName(missedDelete.File)));
        Assert.NotNull(await Host.Index.GetAsync(DocumentId.FromName(untouched.File)));
        Assert.Equal(2, await Host.Index.CountAsync());
    }
}
