using CarSearch.Core.Embeddings.Model;
using CarSearch.Functions.Hosting;
using CarSearch.Tests;

namespace CarSearch.Functions.Tests;

/// <summary>
/// Where the Functions app looks for the model: beside its assemblies (the deployment package), and in a build from the
/// checkout also in the checkout's folder, which the project file records, since Core no longer walks up to find it.
/// </summary>
public sealed class FunctionsModelSearchTests
{
    private const string BaseDirectory = "/home/site/wwwroot";

    [Fact]
    public void ABuildFromTheCheckoutRecordsTheCheckoutsModelFolder()
    {
        var recorded = FunctionsModelSearch.CheckoutModelDirectory(typeof(FunctionsModelSearch).Assembly);

        Assert.Equal(Path.Combine(RepositoryRoot.Directory, "models", "clip-vit-b-32"), recorded);
    }

    [Fact]
    public void ThePackagesFolderComesFirstAndTheCheckoutsLast()
    {
        var search = FunctionsModelSearch.For("/", BaseDirectory, "/src/carsearch/models/clip-vit-b-32");

        Assert.Equal(Path.Combine(BaseDirectory, ModelFolder.DefaultRelativeDirectory), search.DefaultDirectories[^2]);
        Assert.Equal("/src/carsearch/models/clip-vit-b-32", search.DefaultDirectories[^1]);
        Assert.Contains("Run models/download.sh in the checkout", search.Remedy, StringComparison.Ordinal);
        Assert.Contains("CarSearch__Model__Directory", search.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void APublishedPackageWithoutTheModelSaysToDownloadItBeforePublishing()
    {
        var search = FunctionsModelSearch.For("/", BaseDirectory, checkoutModelDirectory: null);

        Assert.DoesNotContain("/src/carsearch/models/clip-vit-b-32", search.DefaultDirectories);
        Assert.Contains("before publishing", search.Remedy, StringComparison.Ordinal);
    }
}
