using System.Reflection.PortableExecutable;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Infra.Tests.Publishing;
using CarSearch.Tests;

namespace CarSearch.Infra.Tests;

/// <summary>
/// The Functions app's deployment package as <c>azd deploy</c> makes it (<c>dotnet publish</c> of the project): its
/// assemblies precompiled (ReadyToRun), so a cold instance runs native code instead of compiling the app and its
/// libraries first; ONNX Runtime for Linux x64 only; the model beside the assemblies. Every build output goes to a
/// temporary artifacts folder, so the checkout's bin and obj, which other test projects load from, are left alone.
/// </summary>
public sealed class FunctionsAppPublishTests : IDisposable
{
    // A whole Release build of the app and its projects, then the ahead-of-time compilation: minutes on 2 cores.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private static readonly string[] PrecompiledAssemblies =
    [
        "CarSearch.Functions.dll", "CarSearch.Api.dll", "CarSearch.Core.dll", "CarSearch.Storage.dll", "CarSearch.Cosmos.dll",
        "SixLabors.ImageSharp.dll", "Microsoft.ML.OnnxRuntime.dll", "Microsoft.Azure.Functions.Worker.Core.dll", "Azure.Storage.Blobs.dll",
    ];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("carsearch-functions-publish-");

    [Fact]
    public void PackageIsPrecompiledForLinuxX64AndCarriesTheModel()
    {
        var model = StandInModel.Write(_work, ModelFolder.RequiredFiles);
        var output = Path.Combine(_work.FullName, "out");
        var project = Path.Combine(RepositoryRoot.Directory, "src", "CarSearch.Functions", "CarSearch.Functions.csproj");

        var (exitCode, log) = DotnetPublish.Run(
            _work.FullName,
            PublishTimeout,
            project,
            "-c",
            "Release",
            "-o",
            output,
            "--artifacts-path",
            Path.Combine(_work.FullName, "artifacts"),
            $"-p:CarSearchModelDirectory={model}");

        Assert.True(exitCode == 0, log);
        Assert.All(PrecompiledAssemblies, name => Assert.True(
            IsReadyToRun(Path.Combine(output, name)), $"{name} in the package holds IL only: a cold instance would JIT it."));
        Assert.True(File.Exists(Path.Combine(output, "libonnxruntime.so")), "ONNX Runtime's Linux x64 library is missing.");
        Assert.False(Directory.Exists(Path.Combine(output, "runtimes")), "The package carries natives for other platforms.");
        Assert.Empty(new ModelFolder(Path.Combine(output, ModelFolder.DefaultRelativeDirectory)).MissingFiles());
    }

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>A ReadyToRun image's CLI header points at the native code's header; an IL-only assembly has none.</summary>
    private static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
