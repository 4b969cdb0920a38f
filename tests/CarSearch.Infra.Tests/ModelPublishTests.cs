using System.Diagnostics;
using CarSearch.Core.Embeddings.Model;
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
        var model = StandInModel(ModelFolder.RequiredFiles);

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
        var model = StandInModel(ModelFolder.RequiredFiles.Where(name => name != missing));

        var (exitCode, output) = Publish(model);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"lacks {missing}", output, StringComparison.Ordinal);
        Assert.Contains("models/download.sh", output, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private string StandInModel(IEnumerable<string> files)
    {
        var model = Directory.CreateDirectory(Path.Combine(_work.FullName, "model")).FullName;
        foreach (var name in files)
        {
            File.WriteAllText(Path.Combine(model, name), $"stand-in {name}");
        }

        return model;
    }

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

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _work.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", "App.csproj", "-o", "out", "-nologo", "-p:UseAppHost=false" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PublishTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish did not finish within {PublishTimeout}.");
        }

        return (process.ExitCode, output.Result + errors.Result);
    }
}
