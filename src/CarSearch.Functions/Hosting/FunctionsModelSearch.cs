using System.Reflection;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Functions.Hosting;

/// <summary>
/// Where the Functions app looks for the model when <c>CarSearch__Model__Directory</c> names none: beside its
/// assemblies, where <c>models/PublishModel.targets</c> puts it in the deployment package; and, in a build that is not
/// a publish, in the checkout's <c>models/clip-vit-b-32</c>, whose path the build records
/// (<see cref="CheckoutModelDirectoryKey"/>), so <c>func start</c> finds what <c>models/download.sh</c> fetched.
/// </summary>
internal static class FunctionsModelSearch
{
    /// <summary>The assembly metadata the project file writes in builds that are not publishes.</summary>
    public const string CheckoutModelDirectoryKey = "CarSearchCheckoutModelDirectory";

    private const string DirectorySetting = "CarSearch__Model__Directory";

    public static ModelSearch Create() =>
        For(Environment.CurrentDirectory, AppContext.BaseDirectory, CheckoutModelDirectory(typeof(FunctionsModelSearch).Assembly));

    /// <summary>The folder the build recorded; null in a published package.</summary>
    public static string? CheckoutModelDirectory(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == CheckoutModelDirectoryKey)?.Value is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : null;

    internal static ModelSearch For(string currentDirectory, string baseDirectory, string? checkoutModelDirectory)
    {
        var beside = ModelSearch.Beside(currentDirectory, baseDirectory);
        var pointAtAFolder =
            $"set {DirectorySetting} (or {ModelFolder.EnvironmentVariable}) to a folder holding {string.Join(", ", ModelFolder.RequiredFiles)}.";
        return checkoutModelDirectory is null
            ? beside with
            {
                Remedy = "The deployment package carries no model: run models/download.sh before publishing (azd's prepackage hook " +
                         $"does), or {pointAtAFolder}",
            }
            : new ModelSearch(
                [.. beside.DefaultDirectories.Append(checkoutModelDirectory).Distinct(StringComparer.Ordinal)],
                $"Run models/download.sh in the checkout to download it, or {pointAtAFolder}");
    }
}
