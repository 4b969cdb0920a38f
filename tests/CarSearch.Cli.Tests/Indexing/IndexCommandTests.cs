using Azure.Storage.Blobs.Models;
using CarSearch.Cli.Indexing;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Indexing;

/// <summary><c>carsearch index</c> against a real Azurite: names, metadata, skipping, rejections and exit codes.</summary>
[Collection(WithStorage.Name)]
public sealed class IndexCommandTests(StorageFixture storage) : IDisposable
{
    private const string NonAsciiOwner = "Zoë Ørsted, 東京 🚗";

    /// <summary>Percent signs and spaces at either end are what the metadata codec must encode besides non-ASCII.</summary>
    private const string AwkwardNote = " 50% off ";

    private readonly KitImageTree _tree = new();

    private readonly string _container = storage.NewContainerName();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task UploadsAFolderTreeUnderNamesRelativeToTheFolderWithTheGivenMetadata()
    {
        var expected = AddKitImagesInNestedFolders();
        _tree.AddFile("notes.txt", "photos of my cars");
        _tree.AddKitImage(KitImageTree.KitFiles[0], ".cache/thumbnail.jpg");
        _tree.AddFile("nested/.DS_Store", "finder settings");

        var result = await IndexAsync(_tree.Root, "--metadata", "make=Tesla", "--metadata", $"owner={NonAsciiOwner}", "--metadata", $"note={AwkwardNote}");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var blobs = await storage.BlobsAsync(_container);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), blobs.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, kitFile) in expected)
        {
            var blob = blobs[name];
            var metadata = BlobMetadataCodec.Decode(blob.Metadata);
            Assert.Equal("Tesla", metadata["make"]);
            Assert.Equal(NonAsciiOwner, metadata["owner"]);
            Assert.Equal(AwkwardNote, metadata["note"]);
            Assert.All(blob.Metadata.Values, value => Assert.True(value.All(char.IsAscii), $"'{value}' was sent unencoded"));
            Assert.Equal(ImageFormats.ContentTypeOfFileName(kitFile), blob.Properties.ContentType);
            Assert.Equal(File.ReadAllBytes(KitImageTree.KitPath(kitFile)), await DownloadAsync(name));
        }

        Assert.Equal(expected.Count, ConsoleTable.Count(result.Stdout, "uploaded"));
        Assert.Equal(0, ConsoleTable.Count(result.Stdout, "skipped"));
        Assert.Equal(0, ConsoleTable.Count(result.Stdout, "rejected"));
        Assert.Equal(1, ConsoleTable.Count(result.Stdout, IndexSummary.IgnoredRow));
    }

    [Fact]
    public async Task ARerunSkipsWhatIsThereAndUploadsOnlyAChangedImage()
    {
        var expected = AddKitImagesInNestedFolders();
        Assert.Equal(0, (await IndexAsync(_tree.Root)).ExitCode);
        var first = await storage.BlobsAsync(_container);

        var rerun = await IndexAsync(_tree.Root);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(expected.Count, ConsoleTable.Count(rerun.Stdout, "skipped"));
        Assert.Equal(0, ConsoleTable.Count(rerun.Stdout, "uploaded"));
        var second = await storage.BlobsAsync(_container);
        Assert.All(second, blob => Assert.Equal(first[blob.Key].Properties.ETag, blob.Value.Properties.ETag));

        var (changedName, changedKitFile) = expected.First();
        var replacement = KitImageTree.KitFiles.First(file => file != changedKitFile);
        _tree.AddKitImage(replacement, changedName);

        var afterChange = await IndexAsync(_tree.Root);

        Assert.Equal(0, afterChange.ExitCode);
        Assert.Equal(1, ConsoleTable.Count(afterChange.Stdout, "uploaded"));
        Assert.Equal(expected.Count - 1, ConsoleTable.Count(afterChange.Stdout, "skipped"));
        Assert.Equal(File.ReadAllBytes(KitImageTree.KitPath(replacement)), await DownloadAsync(changedName));
    }

    [Fact]
    public async Task NewMetadataForUnchangedImagesIsAddedWithoutUploadingThemAgain()
    {
        var file = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);
        Assert.Equal(0, (await IndexAsync(file, "--metadata", "make=Tesla")).ExitCode);

        var rerun = await IndexAsync(file, "--metadata", "year=2020");

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(1, ConsoleTable.Count(rerun.Stdout, "updated"));
        Assert.Equal(0, ConsoleTable.Count(rerun.Stdout, "uploaded"));
        var metadata = BlobMetadataCodec.Decode((await storage.BlobsAsync(_container))[KitImageTree.KitFiles[0]].Metadata);
        Assert.Equal("Tesla", metadata["make"]);
        Assert.Equal("2020", metadata["year"]);
    }

    [Fact]
    public async Task AFileNamedExplicitlyBecomesTheBlobOfItsFileName()
    {
        var kitFile = KitImageTree.KitFiles[^1];
        var file = _tree.AddKitImage(kitFile, $"deep/inside/{kitFile}");

        var result = await IndexAsync(file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([kitFile], (await storage.BlobsAsync(_container)).Keys);
    }

    [Fact]
    public async Task ANonImageNamedExplicitlyIsRejectedWithItsReasonAndExitCodeOne()
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);
        var notes = _tree.AddFile("notes.txt", "photos of my cars");

        var result = await IndexAsync(image, notes);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([KitImageTree.KitFiles[0]], (await storage.BlobsAsync(_container)).Keys);
        Assert.Equal(1, ConsoleTable.Count(result.Stdout, "uploaded"));
        Assert.Equal(1, ConsoleTable.Count(result.Stdout, "rejected"));
        var problem = Assert.Single(ConsoleTable.Problems(result.Stdout));
        Assert.Equal(notes, problem[0]);
        Assert.Equal("rejected", problem[1]);
        Assert.Contains("image", problem[2], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AFileNamedLikeAnImageButHoldingSomethingElseIsRejectedByItsContent()
    {
        _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);
        var fake = _tree.AddFile("nested/fake.jpg", "these are my notes about cars, not a picture");
        _tree.AddFile("nested/empty.png", "");

        var result = await IndexAsync(_tree.Root);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([KitImageTree.KitFiles[0]], (await storage.BlobsAsync(_container)).Keys);
        var problems = ConsoleTable.Problems(result.Stdout).ToDictionary(row => row[0], row => row[2]);
        Assert.Contains("format", problems[fake], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("empty", problems[_tree.PathOf("nested/empty.png")], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AMissingPathIsRejectedWhileTheOthersAreUploaded()
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);
        var missing = _tree.PathOf("no-such-folder");

        var result = await IndexAsync(missing, image);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(1, ConsoleTable.Count(result.Stdout, "uploaded"));
        var problem = Assert.Single(ConsoleTable.Problems(result.Stdout));
        Assert.Equal(missing, problem[0]);
        Assert.Contains("no such file", problem[2], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TwoFilesForOneBlobNameUploadTheFirstAndRejectTheSecond()
    {
        var kitFile = KitImageTree.KitFiles[0];
        _tree.AddKitImage(kitFile, $"first/{kitFile}");
        var second = _tree.AddKitImage(KitImageTree.KitFiles[1], $"second/{kitFile}");

        var result = await IndexAsync(_tree.PathOf("first"), _tree.PathOf("second"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(KitImageTree.KitPath(kitFile)), await DownloadAsync(kitFile));
        var problem = Assert.Single(ConsoleTable.Problems(result.Stdout));
        Assert.Equal(second, problem[0]);
        Assert.Contains("same blob name", problem[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStorageContainerAndSizeLimitComeFromTheAppSettingsInTheEnvironment()
    {
        var sizes = KitImageTree.KitFiles.ToDictionary(file => file, file => new FileInfo(KitImageTree.KitPath(file)).Length);
        var largest = sizes.MaxBy(pair => pair.Value).Key;
        foreach (var file in KitImageTree.KitFiles)
        {
            _tree.AddKitImage(file, file);
        }

        var result = CliProcess.Run(
            new Dictionary<string, string?>
            {
                [StorageOptions.ConnectionSetting] = storage.ConnectionString,
                [StorageOptions.ContainerSetting] = _container,
                ["CarSearch__Ingest__MaxImageBytes"] = (sizes[largest] - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            "index", _tree.Root);

        Assert.Equal(1, result.ExitCode);
        var blobs = await storage.BlobsAsync(_container);
        Assert.Equal(KitImageTree.KitFiles.Where(file => sizes[file] < sizes[largest]).Order(StringComparer.Ordinal), blobs.Keys.Order(StringComparer.Ordinal));
        var problems = ConsoleTable.Problems(result.Stdout);
        Assert.All(problems, problem => Assert.Contains("MaxImageBytes", problem[2], StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem[0] == _tree.PathOf(largest));
    }

    [Fact]
    public async Task ProgressGoesToStderrAndTheSummaryToStdoutWhenNotATerminal()
    {
        AddKitImagesInNestedFolders();

        var result = await IndexAsync(_tree.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(_container, result.StderrLines[0], StringComparison.Ordinal);
        var total = KitImageTree.KitFiles.Count;
        Assert.StartsWith($"{total}/{total} files (100%)", result.StderrLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("files (", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("make")]
    [InlineData("=Tesla")]
    [InlineData("make=")]
    [InlineData("1st_owner=Zoë")]
    [InlineData("body-type=suv")]
    public async Task AMalformedMetadataOptionIsAUsageErrorAndUploadsNothing(string metadata)
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);

        var result = await IndexAsync(image, "--metadata", metadata);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--metadata", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Empty(await storage.BlobsAsync(_container));
    }

    [Fact]
    public async Task OneKeyGivenTwiceWithDifferentValuesIsAUsageError()
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);

        var result = await IndexAsync(image, "--metadata", "make=Tesla", "--metadata", "MAKE=Ford");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(await storage.BlobsAsync(_container));
    }

    [Fact]
    public async Task MetadataBeyondWhatABlobCanHoldIsAUsageError()
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);

        var result = await IndexAsync(image, "--metadata", $"notes={new string('x', MetadataArguments.MaxTotalBytes)}");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(await storage.BlobsAsync(_container));
    }

    [Theory]
    [InlineData("--container", "Car_Images")]
    [InlineData("--container", "ab")]
    [InlineData("--storage", "not a connection string")]
    public async Task ABadStorageOrContainerOptionIsAUsageError(string option, string value)
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);

        var result = await CliRun.InProcessAsync("index", image, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedConnectionStringIsNeverEchoed()
    {
        const string secret = "c2VjcmV0LWtleQ==";
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);

        var result = await CliRun.InProcessAsync("index", image, "--storage", $"AccountName=cars;AccountKey={secret};Bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageThatAcceptsButNeverAnswersIsOneLineWithinSecondsAndExitCodeOne()
    {
        // A listener that never accepts: the kernel completes the connection, and the request is never answered, as
        // with a frozen Azurite. Found in a user try: the command sat silent for over 5 minutes.
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            var hanging = storage.ConnectionString.Replace(
                $"127.0.0.1:{storage.Azurite.BlobPort}", $"127.0.0.1:{port}", StringComparison.Ordinal);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var result = await CliRun.InProcessAsync("index", image, "--storage", hanging, "--container", _container);

            Assert.Equal(1, result.ExitCode);
            Assert.InRange(clock.Elapsed, BlobUploadTarget.ConnectTimeout, BlobUploadTarget.ConnectTimeout + TimeSpan.FromSeconds(20));
            var line = Assert.Single(result.StderrLines);
            Assert.Contains($"Cannot reach the container http://127.0.0.1:{port}/", line, StringComparison.Ordinal);
            Assert.Contains("No answer within 10 s.", line, StringComparison.Ordinal);
            Assert.Contains("Is Azurite running?", line, StringComparison.Ordinal);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task UnreachableStorageIsOneLineNamingTheEndpointAndExitCodeOne()
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);
        var port = LocalPorts.Free();
        var unreachable = storage.ConnectionString.Replace(
            $"127.0.0.1:{storage.Azurite.BlobPort}", $"127.0.0.1:{port}", StringComparison.Ordinal);

        var result = await CliRun.InProcessAsync("index", image, "--storage", unreachable, "--container", _container);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains($"Cannot reach the container http://127.0.0.1:{port}/", line, StringComparison.Ordinal);
        Assert.Contains("Is Azurite running?", line, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteAccount.Key, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageThatRefusesTheKeyIsOneLineSayingItWasReachedAndRefusedAndExitCodeOne()
    {
        var image = _tree.AddKitImage(KitImageTree.KitFiles[0], KitImageTree.KitFiles[0]);

        var result = await CliRun.InProcessAsync(
            "index", image, "--storage", RefusingStorage.ConnectionString(storage.Azurite), "--container", _container);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.StderrLines);
        RefusingStorage.AssertRefusalLine(line, $"the container http://127.0.0.1:{storage.Azurite.BlobPort}/");
        Assert.Contains("Check the key or SAS token in --storage", line, StringComparison.Ordinal);
        Assert.Empty(await storage.BlobsAsync(_container));
    }

    [Fact]
    public async Task NoPathIsAUsageError()
    {
        var result = await CliRun.InProcessAsync("index", "--storage", storage.ConnectionString);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("carsearch: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    /// <summary>Spreads the kit's images over the root and two nested folders; returns blob name -> kit file.</summary>
    private Dictionary<string, string> AddKitImagesInNestedFolders()
    {
        string[] folders = ["", "nested/", "nested/deeper/"];
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < KitImageTree.KitFiles.Count; i++)
        {
            var name = folders[i % folders.Length] + KitImageTree.KitFiles[i];
            _tree.AddKitImage(KitImageTree.KitFiles[i], name);
            expected.Add(name, KitImageTree.KitFiles[i]);
        }

        return expected;
    }

    private Task<CliResult> IndexAsync(params string[] paths) =>
        CliRun.InProcessAsync(["index", .. paths, "--storage", storage.ConnectionString, "--container", _container]);

    private async Task<byte[]> DownloadAsync(string name) =>
        (await storage.Container(_container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
}
