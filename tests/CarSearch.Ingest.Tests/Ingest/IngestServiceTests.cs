using System.Numerics.Tensors;
using System.Security.Cryptography;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Facets;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>One image at a time through the ingest: what ends up in the index, what is skipped, what is refused.</summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class IngestServiceTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    /// <summary>From encoded bytes our decoder and the reference's differ slightly (JPEG); the issue allows this much.</summary>
    private const double MinImageCosine = 0.9995;

    [Fact]
    public async Task EveryKitImageBecomesADocumentWithItsFieldsMetadataAndEmbedding()
    {
        var host = await StartHostAsync();
        foreach (var image in KitCatalog.Images)
        {
            await host.UploadAsync(image);
        }

        var before = DateTimeOffset.UtcNow;
        var outcomes = await Task.WhenAll(KitCatalog.Images.Select(image => host.Ingest.IngestStoredAsync(image.File)));

        Assert.All(outcomes, outcome => Assert.Equal(IngestResult.Indexed, outcome.Result));
        foreach (var image in KitCatalog.Images)
        {
            var bytes = image.ReadBytes();
            var document = await host.Index.GetAsync(DocumentId.FromName(image.File));
            Assert.NotNull(document);
            Assert.Equal(image.File, document.Name);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), document.ContentHash);
            Assert.Equal(image.Format, document.Format);
            Assert.Equal(bytes.Length, document.SizeBytes);
            var turned = new ImagePreprocessor(new ImageOptions()).Identify(bytes).SwapsAxes;
            Assert.Equal(turned ? (image.Height, image.Width) : (image.Width, image.Height), (document.Width, document.Height));
            Assert.Equal(KitCatalog.MetadataFor(image), document.Metadata.Where(field => !AutoMetadata.IsReserved(field.Key)).ToDictionary());
            Assert.Equal(Environment.Embedder.ModelId, document.ModelId);
            Assert.InRange(document.IndexedAt, before, DateTimeOffset.UtcNow);
            Assert.Equal(1.0, Math.Sqrt(TensorPrimitives.Dot(document.Embedding, document.Embedding)), 5);
            if (image.IsUpright)
            {
                var cosine = TensorPrimitives.CosineSimilarity(image.Reference, document.Embedding);
                Assert.True(cosine >= MinImageCosine, $"{image.File}: cosine {cosine:F7} below {MinImageCosine}");
            }
        }
    }

    [Fact]
    public async Task UnchangedContentIsNotEmbeddedAgainButNewMetadataIsKept()
    {
        var host = await StartHostAsync();
        var image = KitCatalog.Images[0];
        await host.UploadAsync(image);
        Assert.Equal(IngestResult.Indexed, (await host.Ingest.IngestStoredAsync(image.File)).Result);
        var embedded = host.Embedder.ImagesEmbedded;

        var again = await host.Ingest.IngestStoredAsync(image.File);
        var metadata = new Dictionary<string, string>(KitCatalog.MetadataFor(image)) { ["year"] = "1987" };
        await host.Blobs.UploadAsync(image.File, image.ReadBytes(), metadata);
        var retagged = await host.Ingest.IngestStoredAsync(image.File);

        Assert.Equal(IngestResult.Unchanged, again.Result);
        Assert.Equal(IngestResult.Unchanged, retagged.Result);
        Assert.Equal(1, embedded);
        Assert.Equal(embedded, host.Embedder.ImagesEmbedded);
        Assert.Equal(1, host.Embedder.Decodes);
        Assert.Equal("1987", (await host.Index.GetAsync(retagged.Id))!.Metadata["year"]);
    }

    [Fact]
    public async Task ChangedContentIsEmbeddedAgain()
    {
        var host = await StartHostAsync();
        var (first, second) = (KitCatalog.Upright.First(), KitCatalog.Upright.Last());
        await host.UploadAsync(first, "car.img");
        await host.Ingest.IngestStoredAsync("car.img");

        await host.UploadAsync(second, "car.img");
        var outcome = await host.Ingest.IngestStoredAsync("car.img");

        Assert.Equal(IngestResult.Indexed, outcome.Result);
        Assert.Equal(2, host.Embedder.ImagesEmbedded);
        var document = await host.Index.GetAsync(outcome.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(second.ReadBytes())), document!.ContentHash);
        Assert.True(TensorPrimitives.CosineSimilarity(second.Reference, document.Embedding) >= MinImageCosine);
    }

    [Fact]
    public async Task ADifferentModelEmbedsUnchangedContentAgain()
    {
        var image = KitCatalog.Images[0];
        var before = await StartHostAsync();
        await before.UploadAsync(image);
        await before.Ingest.IngestStoredAsync(image.File);
        await StopHostAsync(before);

        var after = await StartHostAsync(modelId: "clip-next@000000000001");
        var outcome = await after.Ingest.IngestStoredAsync(image.File);
        var again = await after.Ingest.IngestStoredAsync(image.File);

        Assert.Equal(IngestResult.Indexed, outcome.Result);
        Assert.Equal(IngestResult.Unchanged, again.Result);
        Assert.Equal(1, after.Embedder.ImagesEmbedded);
        Assert.Equal("clip-next@000000000001", (await after.Index.GetAsync(outcome.Id))!.ModelId);
    }

    [Fact]
    public async Task BadImagesAmongGoodOnesAreRecordedWithTheirReasonsAndTheGoodOnesIndexed()
    {
        var host = await StartHostAsync();
        var bad = new Dictionary<string, byte[]>
        {
            ["notes.jpg"] = BadImages.TextFile(),
            ["interrupted.jpg"] = BadImages.TruncatedJpeg(),
            ["huge.png"] = BadImages.HugePngHeader(),
        };
        foreach (var image in KitCatalog.Images)
        {
            await host.UploadAsync(image);
        }

        foreach (var (name, bytes) in bad)
        {
            await host.UploadAsync(name, bytes);
        }

        var names = KitCatalog.Images.Select(image => image.File).Concat(bad.Keys).Order(StringComparer.Ordinal).ToList();
        var outcomes = await Task.WhenAll(names.Select(name => host.Ingest.IngestStoredAsync(name)));

        foreach (var outcome in outcomes)
        {
            if (bad.TryGetValue(outcome.Name, out var bytes))
            {
                Assert.Equal(IngestResult.Rejected, outcome.Result);
                Assert.Equal(BadImages.RejectionOf(bytes), outcome.Reason);
                Assert.Null(await host.Index.GetAsync(outcome.Id));
            }
            else
            {
                Assert.Equal(IngestResult.Indexed, outcome.Result);
            }
        }

        var failures = await host.Ledger.ListAsync();
        Assert.Equal(bad.Keys.Order(StringComparer.Ordinal), failures.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(failures, failure => Assert.Equal(BadImages.RejectionOf(bad[failure.Name]), failure.Reason));
        var status = await host.Status.GetStatusAsync();
        Assert.Equal((KitCatalog.Images.Count, bad.Count, 0L), (status.Indexed, status.Failed, status.Pending));
        Assert.Equal(failures, status.Failures);
    }

    [Fact]
    public async Task ASuccessfulUploadUnderAFailedNameClearsItsFailure()
    {
        var host = await StartHostAsync();
        await host.UploadAsync("car.jpg", BadImages.TruncatedJpeg());
        Assert.Equal(IngestResult.Rejected, (await host.Ingest.IngestStoredAsync("car.jpg")).Result);
        Assert.Single(await host.Ledger.ListAsync());

        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        var outcome = await host.Ingest.IngestStoredAsync("car.jpg");

        Assert.Equal(IngestResult.Indexed, outcome.Result);
        Assert.Empty(await host.Ledger.ListAsync());
        Assert.Equal(0, (await host.Status.GetStatusAsync()).Failed);
    }

    [Fact]
    public async Task ABadImageReplacingAGoodOneTakesItsDocumentOutOfTheIndex()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        await host.Ingest.IngestStoredAsync("car.jpg");

        await host.UploadAsync("car.jpg", BadImages.TextFile());
        var outcome = await host.Ingest.IngestStoredAsync("car.jpg");

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        Assert.Null(await host.Index.GetAsync(outcome.Id));
        Assert.Equal("car.jpg", Assert.Single(await host.Ledger.ListAsync()).Name);
    }

    [Fact]
    public async Task ABlobOverTheSizeLimitIsRefusedWithoutBeingDecoded()
    {
        var largest = KitCatalog.Images.MaxBy(image => image.ReadBytes().Length)!;
        var limit = largest.ReadBytes().Length - 1;
        var host = await StartHostAsync(new Dictionary<string, string?> { ["CarSearch:Ingest:MaxImageBytes"] = $"{limit}" });
        await host.UploadAsync(largest);

        var outcome = await host.Ingest.IngestStoredAsync(largest.File);

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        Assert.Contains("limit", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, host.Embedder.Decodes);
        Assert.Equal(outcome.Reason, Assert.Single(await host.Ledger.ListAsync()).Reason);
    }

    [Fact]
    public async Task DeletingABlobRemovesItsDocumentAndItsFailure()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0], "good.jpg");
        await host.UploadAsync("bad.jpg", BadImages.TextFile());
        await host.Ingest.IngestStoredAsync("good.jpg");
        await host.Ingest.IngestStoredAsync("bad.jpg");

        await host.Blobs.DeleteAsync("good.jpg");
        await host.Blobs.DeleteAsync("bad.jpg");

        Assert.True(await host.Ingest.RemoveDeletedAsync("good.jpg"));
        Assert.False(await host.Ingest.RemoveDeletedAsync("bad.jpg"));
        Assert.False(await host.Ingest.RemoveDeletedAsync("good.jpg"));

        Assert.Null(await host.Index.GetAsync("good.jpg"));
        Assert.Empty(await host.Ledger.ListAsync());
    }

    [Fact]
    public async Task ADeleteOfAnImageStoredAgainSinceIsNotApplied()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        await host.Ingest.IngestStoredAsync("car.jpg");

        // Deleted and uploaded again; the delete's event arrives after the new upload was indexed.
        Assert.False(await host.Ingest.RemoveDeletedAsync("car.jpg"));

        Assert.NotNull(await host.Index.GetAsync(DocumentId.FromName("car.jpg")));
    }

    [Fact]
    public async Task IngestingABlobThatIsGoneRemovesItsDocument()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        await host.Ingest.IngestStoredAsync("car.jpg");
        await host.Blobs.DeleteAsync("car.jpg");

        var outcome = await host.Ingest.IngestStoredAsync("car.jpg");

        Assert.Equal(IngestResult.Missing, outcome.Result);
        Assert.Null(await host.Index.GetAsync(outcome.Id));
    }

    [Fact]
    public async Task GivingUpIsRecordedWithTheAttemptsAndClearedByALaterSuccess()
    {
        var host = await StartHostAsync();

        await host.Ingest.RecordGaveUpAsync("car.jpg", "\"0x1\"", 5, "The index did not answer.");
        var failure = Assert.Single(await host.Ledger.ListAsync());
        Assert.Equal((IngestFailureKind.GaveUp, "\"0x1\""), (failure.Kind, failure.Version));
        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        await host.Ingest.IngestStoredAsync("car.jpg");

        Assert.Equal("car.jpg", failure.Name);
        Assert.Contains("5 attempts", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("The index did not answer.", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(await host.Ledger.ListAsync());
    }

    [Fact]
    public async Task WhenTheIndexIsDownTheIngestThrowsSoTheHostRetriesAndRecordsNoFailure()
    {
        var host = await StartHostAsync(replace: services => services.AddSingleton<IVectorIndex>(new UnavailableIndex()));
        await host.UploadAsync(KitCatalog.Images[0]);

        var error = await Assert.ThrowsAsync<IOException>(() => host.Ingest.IngestStoredAsync(KitCatalog.Images[0].File));

        Assert.Equal(Unreachable.Message, error.Message);
        Assert.Empty(await host.Ledger.ListAsync());
    }

    [Fact]
    public async Task ABadImageWhoseFailureCannotBeRecordedThrowsSoTheHostRetries()
    {
        var host = await StartHostAsync(replace: services => services.AddSingleton<IIngestLedger>(new UnavailableLedger()));
        await host.UploadAsync("notes.jpg", BadImages.TextFile());

        var error = await Assert.ThrowsAsync<IOException>(() => host.Ingest.IngestStoredAsync("notes.jpg"));

        Assert.Equal(Unreachable.Message, error.Message);
    }

    /// <summary>Never ends and cannot seek: only a reader that stops at the limit finishes.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)0xFF, offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
