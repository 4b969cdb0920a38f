using CarSearch.Core.Embeddings.Model;
using CarSearch.Infra.Tests.Publishing;
using CarSearch.Tests;

namespace CarSearch.Infra.Tests;

/// <summary>
/// models/PublishModel.targets puts the model folder into the deployment package where the Functions app finds it,
/// and refuses to publish without it. Checked by publishing a throwaway project that imports it, with a stand-in model.
/// </summary>
public sealed class ModelPublishTests : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("carsearch-publish-");

    [Fact]
    public void PublishCarriesEveryModelFileWhereTheAppLooksForIt()
    {
        var model = StandInModel.Write(_work, ModelFolder.RequiredFiles);

        var (exitCode, output) = Publish(model);

        Assert.True(exitCode == 0, output);
        var published = new ModelFolder(Path.Combine(_work.FullName, "out", ModelFolder.DefaultRelativeDirectory));
        Assert.Empty(published.MissingFiles());
        Assert.All(ModelFolder.RequiredFiles, name => Assert.Equal(
            File.ReadAllText(Path.Combine(model, name)), File.ReadAllText(Path.Combine(published.Directory, name))));
    }

    [Fact]
    public void PublishFailsNamingTheMissingFileAndTheDownloadScript()
    {
        var missing = ModelFolder.RequiredFiles[^1];
        var model = StandInModel.Write(_work, ModelFolder.RequiredFiles.Where(name => name != missing));

        var (exitCode, output) = Publish(model);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"lacks {missing}", output, StringComparison.Ordinal);
        Assert.Contains("models/download.sh", output, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private (int ExitCode, string Output) Publish(string modelDirectory)
    {
        var targets = Path.Combine(RepositoryRoot.Directory, "models", "PublishModel.targets");

        // Empty Directory.Build.props/.targets stop MSBuild from climbing into whatever encloses the temp folder.
        File.WriteAllText(Path.Combine(_work.FullName, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_work.FullName, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(_work.FullName, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <CarSearchModelDirectory>{modelDirectory}</CarSearchModelDirectory>
              </PropertyGroup>
              <Import Project="{targets}" />
            </Project>
            """);

        return DotnetPublish.Run(_work.FullName, PublishTimeout, "App.csproj", "-o", "out", "-p:UseAppHost=false");
    }
}
