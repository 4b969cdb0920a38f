using System.Net.Http.Headers;
using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// The storage key serve is given never leaves it: not in its log, not in any answer, errors included. Checked by
/// looking for the key itself in everything a user or a log collector sees.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class SecretsTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-secrets-index-").FullName;

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task TheStorageKeyIsInNoLogLineAndNoAnswerWhateverHappens()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), _indexDirectory);
        await serve.UploadKitImageAsync(ReferenceGoldens.Images[0].File);
        await serve.Images.UploadAsync("notes.jpg", "not a photo"u8.ToArray(), new Dictionary<string, string>());
        await serve.WaitForStatusAsync(status => status.GetProperty("failed").GetInt64() == 1, "the bad upload recorded");

        var answers = new List<string>();
        foreach (var path in new[]
        {
            "/api/ingest/status", "/api/health", "/api/search?q=car", "/api/search", "/api/search?q=car&top=0",
            "/api/search?q=car&continuationToken=forged", "/api/images/missing.jpg", "/api/images/missing.jpg/content",
            "/api/nowhere", "/",
        })
        {
            using var response = await serve.Client.GetAsync(new Uri(path, UriKind.Relative));
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        using var upload = new ByteArrayContent("still not a photo"u8.ToArray());
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var rejected = await serve.Client.PostAsync(new Uri("/api/search/image", UriKind.Relative), upload);
        answers.Add(await rejected.Content.ReadAsStringAsync());

        Assert.DoesNotContain(answers, answer => answer.Contains(AzuriteAccount.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(serve.Log.Lines, line => line.Contains(AzuriteAccount.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(serve.Log.Lines, line => line.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }
}
