using System.Globalization;

namespace CarSearch.Bench;

/// <summary>The driver's command line; every path defaults to where the repository and the shared kit normally are.</summary>
internal sealed record BenchArguments(
    string Model,
    string? Int8Model,
    string TinyModel,
    string TorchTools,
    string StateDict,
    string Output,
    int SearchVectors,
    int IndexVectors,
    int Runs,
    bool Quick,
    IReadOnlySet<string> Phases,
    string? Serve)
{
    /// <summary>The phases in the order they run; <c>--phases</c> picks some (the report shows what ran).</summary>
    public static IReadOnlyList<string> AllPhases { get; } = ["tiny", "model", "serve", "torch", "search", "index", "int8"];

    public const string Usage =
        "carsearch-bench --model DIR [--int8-model DIR] [--tiny-model DIR] [--torch-tools DIR] [--state FILE] [--out FILE] " +
        "[--search-vectors 100000] [--index-vectors 1000000] [--runs 3] [--quick] [--phases tiny,model,serve,torch,search,index,int8] " +
        "[--serve PATH (another build's carsearch, to compare two builds on one machine)]";

    public static BenchArguments Parse(string[] args, string repositoryRoot)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: {Usage}");
            }
        }

        var shared = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared"));
        var model = values.TryGetValue("model", out var m) ? Path.GetFullPath(m) : throw new ArgumentException($"--model is required. Usage: {Usage}");
        return new BenchArguments(
            model,
            values.TryGetValue("int8-model", out var int8) ? Path.GetFullPath(int8) : null,
            Path.GetFullPath(values.GetValueOrDefault("tiny-model") ?? Path.Combine(shared, "clip-reference", "model")),
            Path.GetFullPath(values.GetValueOrDefault("torch-tools") ?? Path.Combine(shared, "tools", "clip-random")),
            Path.GetFullPath(values.GetValueOrDefault("state") ?? Path.Combine(model, "state_dict.pt")),
            Path.GetFullPath(values.GetValueOrDefault("out") ?? Path.Combine(repositoryRoot, "bench", "RESULTS.md")),
            Number(values, "search-vectors", quick ? 10_000 : 100_000),
            Number(values, "index-vectors", quick ? 50_000 : 1_000_000),
            Number(values, "runs", quick ? 1 : 3),
            quick,
            ParsePhases(values.GetValueOrDefault("phases")),
            values.TryGetValue("serve", out var serve) ? Path.GetFullPath(serve) : null);
    }

    private static HashSet<string> ParsePhases(string? list)
    {
        if (list is null)
        {
            return [.. AllPhases];
        }

        var phases = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = phases.Except(AllPhases).ToList();
        return unknown.Count == 0 ? phases : throw new ArgumentException($"Unknown phase(s) {string.Join(", ", unknown)}; the phases are {string.Join(", ", AllPhases)}.");
    }

    private static int Number(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
