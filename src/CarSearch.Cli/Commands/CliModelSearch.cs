using CarSearch.Cli.Up;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Cli.Commands;

/// <summary>
/// Where every <c>carsearch</c> command looks for the model when <c>--model</c> and <c>CARSEARCH_MODEL_DIR</c> name
/// none, and what it says when there is none: <c>models/clip-vit-b-32</c> in the working folder, beside the program,
/// then in the checkout the program runs from (tests and <c>dotnet run</c> start deep under bin/), where
/// <c>models/download.sh</c> can fetch it.
/// </summary>
internal static class CliModelSearch
{
    /// <summary>The model folder for <paramref name="explicitDirectory"/> (<c>--model</c>), searched as this process would.</summary>
    /// <exception cref="ModelNotFoundException">No complete folder was found; the message says how to get one.</exception>
    public static ModelFolder Resolve(string? explicitDirectory) =>
        ModelFolder.Resolve(explicitDirectory, For(Environment.CurrentDirectory, AppContext.BaseDirectory));

    /// <summary>The search from <paramref name="currentDirectory"/> for a program in <paramref name="baseDirectory"/>.</summary>
    public static ModelSearch For(string currentDirectory, string baseDirectory)
    {
        var beside = ModelSearch.Beside(currentDirectory, baseDirectory);
        var checkout = Checkout.Find(currentDirectory, baseDirectory);
        if (checkout is null)
        {
            return beside with { Remedy = PointAtAFolder };
        }

        // Run from the checkout's root, the script's relative path is the command to type; from elsewhere, its full path.
        var script = Path.GetFullPath(currentDirectory) == checkout.Root ? Checkout.ModelDownloadCommand : checkout.ModelDownloadScript;
        return new ModelSearch(
            [.. beside.DefaultDirectories.Append(checkout.ModelDirectory).Distinct(StringComparer.Ordinal)],
            $"Download the model with `{script}` (or `{script} DIR` for another folder), or {PointAtAFolder[0..1].ToLowerInvariant()}{PointAtAFolder[1..]}");
    }

    private static string PointAtAFolder { get; } =
        $"Point --model, {ModelOptions.SectionName}:{nameof(ModelOptions.Directory)} or {ModelFolder.EnvironmentVariable} at a folder holding " +
        $"{string.Join(", ", ModelFolder.RequiredFiles)}.";
}
