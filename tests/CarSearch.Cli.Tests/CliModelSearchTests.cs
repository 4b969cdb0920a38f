using CarSearch.Cli.Commands;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Cli.Tests;

/// <summary>
/// Where the commands look for the model by default, and what they advise when it is missing: the checkout is the
/// CLI's knowledge (Core's model folder knows no solution file and no download script).
/// </summary>
public sealed class CliModelSearchTests : IDisposable
{
    private const string Default = ModelFolder.DefaultRelativeDirectory;

    private readonly string _root = Directory.CreateTempSubdirectory("carsearch-model-search-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AProgramBuiltInACheckoutLooksInTheCheckoutsModelFolderLast()
    {
        var checkout = Checkout("repo");
        var bin = Folder("repo", "src", "CarSearch.Cli", "bin", "Release", "net10.0");
        var elsewhere = Folder("elsewhere");

        var search = CliModelSearch.For(elsewhere, bin);

        Assert.Equal(
            [Path.Combine(elsewhere, Default), Path.Combine(bin, Default), Path.Combine(checkout, Default)],
            search.DefaultDirectories);
    }

    [Fact]
    public void NothingAboveTheCheckoutIsSearched()
    {
        Checkout("repo");
        var bin = Folder("repo", "bin");

        var search = CliModelSearch.For(Folder("repo", "elsewhere"), bin);

        Assert.DoesNotContain(Path.Combine(_root, Default), search.DefaultDirectories);
        Assert.DoesNotContain(Path.Combine(_root, "repo", "src", Default), search.DefaultDirectories);
    }

    [Fact]
    public void FromTheCheckoutsRootTheAdviceIsTheDownloadCommandToTypeAndTheOptions()
    {
        var checkout = Checkout("repo");

        var remedy = CliModelSearch.For(checkout, Folder("repo", "bin")).Remedy;

        Assert.Equal(
            "Download the model with `models/download.sh` (or `models/download.sh DIR` for another folder), or point --model, " +
            "CarSearch:Model:Directory or CARSEARCH_MODEL_DIR at a folder holding image.onnx, text.onnx, vocab.json, merges.txt.",
            remedy);
    }

    [Fact]
    public void FromElsewhereTheAdviceNamesTheScriptByItsFullPath()
    {
        var checkout = Checkout("repo");

        var remedy = CliModelSearch.For(Folder("elsewhere"), Folder("repo", "bin")).Remedy;

        Assert.Contains($"`{Path.Combine(checkout, "models", "download.sh")}`", remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideACheckoutThereIsNoScriptToAdviseOnlyWhereToPoint()
    {
        var installed = Folder("tools", "carsearch");

        var search = CliModelSearch.For(Folder("elsewhere"), installed);

        Assert.Equal(2, search.DefaultDirectories.Count);
        Assert.DoesNotContain("download.sh", search.Remedy, StringComparison.Ordinal);
        Assert.StartsWith("Point --model, ", search.Remedy, StringComparison.Ordinal);
    }

    private string Checkout(string name)
    {
        var root = Folder(name);
        File.WriteAllText(Path.Combine(root, "CarSearchFunctions.sln"), "");
        return root;
    }

    private string Folder(params string[] parts) => Directory.CreateDirectory(Path.Combine([_root, .. parts])).FullName;
}
