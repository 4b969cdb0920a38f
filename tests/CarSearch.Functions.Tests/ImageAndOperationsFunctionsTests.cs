using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Functions.Http;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Functions.Tests;

/// <summary>An image's metadata, bytes and duplicate group, the ingest status, re-index and health, through the HTTP functions.</summary>
[Collection(WithAzurite.Name)]
public sealed class ImageAndOperationsFunctionsTests(FunctionsEnvironment environment)
{
    private FunctionsTestHost Kit => environment.Kit;

    public static TheoryData<string> Images => KitCatalog.ImageFiles();

    [Theory]
    [MemberData(nameof(Images))]
    public async Task AnImageShowsTheDocumentTheTriggerIndexed(string file)
    {
        var image = KitCatalog.Image(file);
        var id = DocumentId.FromName(file);

        var document = (await Kit.HttpAsync<ImageFunctions>(
            "GET", $"images/{Uri.EscapeDataString(id)}", (function, request) => function.GetImage(request, id))).AssertOkJson();

        Assert.Equal(id, document.GetProperty("id").GetString());
        Assert.Equal(file, document.GetProperty("name").GetString());
        Assert.Equal(IngestService.ContentHashOf(image.ReadBytes()), document.GetProperty("contentHash").GetString());
        Assert.Equal(image.ReadBytes().Length, document.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(image.Format, document.GetProperty("metadata").GetProperty(FunctionsEnvironment.FormatField).GetString());
        Assert.False(document.TryGetProperty("embedding", out _));
    }

    [Fact]
    public async Task AnImageWithoutCopiesIsAloneInItsDuplicateGroup()
    {
        var id = DocumentId.FromName(KitCatalog.Images[0].File);

        var group = (await Kit.HttpAsync<ImageFunctions>(
            "GET", $"images/{Uri.EscapeDataString(id)}/duplicates", (function, request) => function.GetImageDuplicates(request, id))).AssertOkJson();

        Assert.Equal(id, group.GetProperty("representative").GetString());
        Assert.Equal(id, Assert.Single(group.GetProperty("results").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task ContentIsTheUploadedBytes(string file)
    {
        var id = DocumentId.FromName(file);

        var answer = await Kit.HttpAsync<ImageFunctions>(
            "GET", $"images/{Uri.EscapeDataString(id)}/content", (function, request) => function.GetImageContent(request, id));

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.StartsWith("image/", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal(KitCatalog.Image(file).ReadBytes(), answer.Body);
    }

    [Fact]
    public async Task StatusCountsTheIngestedImagesAndNoFailures()
    {
        var status = (await Kit.HttpAsync<IngestApiFunctions>(
            "GET", "ingest/status", (function, request) => function.GetIngestStatus(request))).AssertOkJson();

        Assert.Equal(KitCatalog.Images.Count, status.GetProperty("indexed").GetInt64());
        Assert.Equal(0, status.GetProperty("failed").GetInt64());
        Assert.Empty(status.GetProperty("failures").EnumerateArray());
    }

    [Fact]
    public async Task ReindexStartsAndPointsAtTheStatus()
    {
        var answer = await Kit.HttpAsync<IngestApiFunctions>(
            "POST", "manage/reindex", (function, request) => function.StartReindex(request));

        Assert.Equal(StatusCodes.Status202Accepted, answer.StatusCode);
        Assert.EndsWith("/api/ingest/status", answer.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.False(answer.Json().GetProperty("force").GetBoolean());
    }

    [Fact]
    public async Task HealthNamesTheModelTheIndexAndItsDocuments()
    {
        var health = (await Kit.HttpAsync<HealthFunction>(
            "GET", "health", (function, request) => function.GetHealth(request))).AssertOkJson();

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(Kit.Services.GetRequiredService<IClipEmbedder>().ModelId, health.GetProperty("modelId").GetString());
        Assert.Equal(IndexOptions.LocalKind, health.GetProperty("index").GetString());
        Assert.Equal(KitCatalog.Images.Count, health.GetProperty("documents").GetInt64());
    }
}
