using System.Net;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Serve;

/// <summary><c>carsearch serve</c> through the command line, as a user starts it.</summary>
[Collection(SharedAzurite.Name)]
public sealed class ServeCommandTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("carsearch-serve-cli-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task ServesUntilStoppedThenSavesTheIndexAndExitsWithZero()
    {
        var output = new LogCapture();
        using var errors = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = CarSearchCli.RunAsync(
            [
                "serve", "--model", ReferenceKit.ModelDirectory, "--port", "0", "--storage", azurite.ConnectionString,
                "--container", ServeInstance.NewContainerName(), "--index", Path.Combine(_scratch, "index"),
            ],
            output,
            errors,
            stop.Token);

        using var client = new HttpClient { BaseAddress = await output.WaitForListeningUrlAsync() };
        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains(output.Lines, line => line.Contains($"Model model@", StringComparison.Ordinal));
        Assert.Contains(output.Lines, line => line.Contains(Path.Combine(_scratch, "index") + ", 0 documents", StringComparison.Ordinal));

        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Contains("the index is saved", output.Lines[^1], StringComparison.Ordinal);
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public void StorageThatDoesNotAnswerIsABadInputWithOneLineSayingSo()
    {
        var closed = LocalPorts.Free();
        var storage = azurite.ConnectionString.Replace($":{azurite.BlobPort}/", $":{closed}/", StringComparison.Ordinal);

        var result = CliRunner.Run(
            "serve", "--model", ReferenceKit.ModelDirectory, "--port", "0", "--storage", storage, "--index", Path.Combine(_scratch, "index"));

        Assert.Equal(1, result.ExitCode);
        var message = Assert.Single(result.StderrLines);
        Assert.Contains("Cannot reach the image storage", message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closed}", message, StringComparison.Ordinal);
        Assert.Contains("Is Azurite running?", message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused the request", message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteAccount.Key, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void StorageThatRefusesTheKeyIsABadInputSayingItWasReachedAndRefused()
    {
        var result = CliRunner.Run(
            "serve", "--model", ReferenceKit.ModelDirectory, "--port", "0", "--storage", RefusingStorage.ConnectionString(azurite),
            "--index", Path.Combine(_scratch, "index"));

        Assert.Equal(1, result.ExitCode);
        RefusingStorage.AssertRefusalLine(Assert.Single(result.StderrLines), $"the image storage at http://127.0.0.1:{azurite.BlobPort}/");
        Assert.DoesNotContain(RefusingStorage.WrongKey, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIndexAnotherServeHoldsIsABadInputWithOneLineSayingSo()
    {
        var index = Path.Combine(_scratch, "index");
        await using var running = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), index);

        var result = CliRunner.Run(
            "serve", "--model", ReferenceKit.ModelDirectory, "--port", "0", "--storage", azurite.ConnectionString,
            "--container", ServeInstance.NewContainerName(), "--index", index);

        Assert.Equal(1, result.ExitCode);
        var message = Assert.Single(result.StderrLines);
        Assert.Contains($"The index directory '{index}' is already open", message, StringComparison.Ordinal);
        Assert.Contains("Stop the other carsearch serve or up, or pass another --index.", message, StringComparison.Ordinal);
    }
}
