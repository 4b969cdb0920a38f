using CarSearch.Cli.Infrastructure;
using CarSearch.Cli.Up;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Up;

/// <summary>How <c>carsearch up</c> gets a model: use it, download it to the default place, or say in one line what to do.</summary>
public sealed class ModelSetupTests
{
    private static readonly ModelFolder Kit = new(ReferenceKit.ModelDirectory);

    private int _downloads;
    private bool _downloaded;

    [Fact]
    public async Task UsesAModelThatIsThereWithoutLookingAtTheNetwork()
    {
        var setup = Setup(networkAllows: false, found: _ => Kit);

        Assert.Equal(Kit, await setup.EnsureAsync(null, TextWriter.Null, CancellationToken.None));
        Assert.Equal(0, _downloads);
    }

    [Fact]
    public async Task WithoutANetworkSaysInOneLineHowToPointCarsearchModelDirAtAFolder()
    {
        var setup = Setup(networkAllows: false, found: _ => throw Missing());

        var error = await Assert.ThrowsAsync<CommandLineBadInputException>(() => setup.EnsureAsync(null, TextWriter.Null, CancellationToken.None));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains($"{ModelFolder.EnvironmentVariable}={ModelSetup.ExampleModelDirectory}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _downloads);
    }

    [Fact]
    public async Task WhereTheNetworkAllowsDownloadsTheModelOnceAndUsesIt()
    {
        var setup = Setup(networkAllows: true, found: _ => _downloaded ? Kit : throw Missing());
        using var output = new StringWriter();

        Assert.Equal(Kit, await setup.EnsureAsync(null, output, CancellationToken.None));
        Assert.Equal(1, _downloads);
        Assert.Contains(Checkout.ModelDownloadCommand, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedDownloadIsABadInputNamingTheScript()
    {
        var setup = Setup(networkAllows: true, found: _ => throw Missing(), downloadExitCode: 1);

        var error = await Assert.ThrowsAsync<CommandLineBadInputException>(() => setup.EnsureAsync(null, TextWriter.Null, CancellationToken.None));

        Assert.Contains(Checkout.ModelDownloadCommand, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIncompleteFolderTheUserNamedIsReportedNotFilledByADownload()
    {
        var setup = Setup(networkAllows: true, found: _ => throw Missing());

        await Assert.ThrowsAsync<ModelNotFoundException>(() => setup.EnsureAsync("/somewhere/clip", TextWriter.Null, CancellationToken.None));
        Assert.Equal(0, _downloads);
    }

    [Fact]
    public async Task AnIncompleteFolderInCarsearchModelDirIsReportedNotFilledByADownload()
    {
        var setup = Setup(networkAllows: true, found: _ => throw Missing(), modelDirVariable: "/somewhere/clip");

        await Assert.ThrowsAsync<ModelNotFoundException>(() => setup.EnsureAsync(null, TextWriter.Null, CancellationToken.None));
        Assert.Equal(0, _downloads);
    }

    [Fact]
    public void TheDownloadSourceIsTheScriptsOwnUnlessOverridden()
    {
        Assert.Equal(ModelSetup.DefaultDownloadSource, ModelSetup.DownloadSource(_ => null));
        Assert.Equal("http://mirror.local/clip", ModelSetup.DownloadSource(name => name == ModelSetup.DownloadSourceVariable ? "http://mirror.local/clip" : null));
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Directory, Checkout.ModelDownloadCommand));
        Assert.Contains(ModelSetup.DownloadSourceVariable + ":-" + ModelSetup.DefaultDownloadSource, script, StringComparison.Ordinal);
    }

    private static ModelNotFoundException Missing() => new("models/clip-vit-b-32", ModelFolder.RequiredFiles);

    private ModelSetup Setup(bool networkAllows, Func<string?, ModelFolder> found, int downloadExitCode = 0, string? modelDirVariable = null) => new(
        found,
        name => name == ModelFolder.EnvironmentVariable ? modelDirVariable : null,
        _ => Task.FromResult(networkAllows),
        _ =>
        {
            _downloads++;
            _downloaded = downloadExitCode == 0;
            return Task.FromResult<int?>(downloadExitCode);
        });
}
