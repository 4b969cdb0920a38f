// The end-to-end benchmark of issue 11: `carsearch serve` over Azurite against the PyTorch pipeline, HTTP search at
// 100k vectors, cold start, memory, and the embedded index at 1M. Writes bench/RESULTS.md.
// Usage: dotnet build CarSearchFunctions.sln -c Release && dotnet run -c Release --project bench/CarSearch.Bench -- --model DIR
using System.Diagnostics;
using Azure.Storage.Blobs;
using CarSearch.Bench;
using CarSearch.Core.Embeddings.Inference;
using CarSearch.Core.Embeddings.Model;

if (args is [IndexBench.ReopenOnceCommand, var reopenDirectory])
{
    Console.WriteLine((await IndexBench.ReopenOnceAsync(reopenDirectory)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var root = RepositoryRoot();
var arguments = BenchArguments.Parse(args, root);
var carsearch = arguments.Serve ?? Path.Combine(root, "src", "CarSearch.Cli", "bin", "Release", "net10.0", "carsearch");
if (!File.Exists(carsearch))
{
    throw new InvalidOperationException($"{carsearch} is missing: run 'dotnet build CarSearchFunctions.sln -c Release' first.");
}

var results = new BenchResults { Arguments = arguments, Machine = MachineDescription.Describe(), Started = DateTimeOffset.UtcNow };
var work = Directory.CreateTempSubdirectory("carsearch-bench-").FullName;
var runs = arguments.Runs;
AzuriteProcess? azurite = null;
try
{
    Phase("Writing test JPEGs");
    var small = TestJpegs.Write(work, 320, 240, 16);
    var medium = TestJpegs.Write(work, 640, 480, 16);
    var large = TestJpegs.Write(work, 4000, 3000, arguments.Quick ? 4 : 8);
    string[] Files(string folder) => [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal)];
    void Phase(string name)
    {
        // The report so far, rewritten as each phase begins: a run stopped from outside still leaves its figures.
        File.WriteAllText(arguments.Output, ResultsReport.Write(results));
        results.Loads.Add((name, MachineLoad.OneMinute()));
        Console.WriteLine($"{name}... (load average {results.Loads[^1].Load:F1})");
    }

    bool Selected(string phase) => arguments.Phases.Contains(phase);

    // Started by the first phase that needs storage, so a run of the model, index or int8 phases alone does without.
    AzuriteProcess Storage() => azurite ??= new AzuriteProcess(root);

    if (Selected("tiny"))
    {
        Phase("Ingest overhead with the kit's tiny model (320x240)");
        results.TinyIngestImages = arguments.Quick ? 200 : 600;
        await using (var tiny = ServeProcess.Start(carsearch, arguments.TinyModel, Storage().ConnectionString, "tiny-cars", Path.Combine(work, "index-tiny")))
        {
            // With a model that loads in milliseconds, this is what serve costs before the model: the .NET host, storage, index.
            results.TinyColdStartSeconds = (await tiny.WaitForFirstSearchAsync(TimeSpan.FromMinutes(2))).TotalSeconds;
            results.TinyIngest320 = await IngestBench.RunAsync(
                tiny, new BlobContainerClient(Storage().ConnectionString, "tiny-cars"), Files(small), results.TinyIngestImages, runs, "320x240");
        }
    }

    if (Selected("model"))
    {
        Phase("The embedder in process (full model)");
        results.Embedder = EmbedderBench.Run(
            arguments.Model, new InferenceOptions(), [("640x480", Files(medium)), ("4000x3000", Files(large))], Math.Max(runs, 3));
        GC.Collect();
    }

    if (Selected("serve"))
    {
        Phase("carsearch serve with the full model: cold start, memory, ingest");
        var ingestIndex = Path.Combine(work, "index-ingest");
        var colds = new List<double>();
        await using (var serve = ServeProcess.Start(carsearch, arguments.Model, Storage().ConnectionString, "cars", ingestIndex))
        {
            colds.Add((await serve.WaitForFirstSearchAsync(TimeSpan.FromMinutes(2))).TotalSeconds);
            await Task.Delay(TimeSpan.FromSeconds(5));
            serve.Memory.TakePeak();
            await Task.Delay(TimeSpan.FromSeconds(3));
            results.IdleRssBytes = serve.Memory.TakePeak();

            var container = new BlobContainerClient(Storage().ConnectionString, "cars");
            foreach (var (name, folder, count) in new[] { ("640x480", medium, arguments.Quick ? 64 : 400), ("4000x3000", large, arguments.Quick ? 16 : 64) })
            {
                results.IngestImages[name] = count;
                results.Ingest[name] = await IngestBench.RunAsync(serve, container, Files(folder), count, runs, name);
            }

            results.IngestRssBytes = serve.Memory.TakePeak();
        }

        // Later starts find the index the first one left, as a restarted serve does.
        for (var i = 1; i < Math.Max(runs, 3); i++)
        {
            await using var again = ServeProcess.Start(carsearch, arguments.Model, Storage().ConnectionString, "cars", ingestIndex);
            colds.Add((await again.WaitForFirstSearchAsync(TimeSpan.FromMinutes(2))).TotalSeconds);
        }

        results.ColdStartSeconds = new Samples(colds);
    }

    if (Selected("torch"))
    {
        Phase("PyTorch reference pipeline");
        results.Torch = TorchBench.Run(
            arguments.TorchTools, arguments.StateDict, Path.Combine(root, "bench", "torch_pipeline.py"), [("640x480", medium), ("4000x3000", large)], runs);
    }

    if (Selected("search"))
    {
        Phase($"HTTP search at {arguments.SearchVectors:N0} vectors");
        var searchIndex = Path.Combine(work, "index-search");
        var stock = new BlobContainerClient(Storage().ConnectionString, "stock");
        await SearchBench.PopulateAsync(stock, searchIndex, ModelFolder.Resolve(arguments.Model).ModelId, arguments.SearchVectors);

        // The watcher's scan of the whole container would otherwise run every 2 s inside the measurement; its cost is
        // the container listing, not search, and the first scan (waited for below) shows it finds nothing to do.
        var quietWatcher = new Dictionary<string, string> { ["CarSearch__Ingest__ReconciliationInterval"] = "00:10:00" };
        await using (var serve = ServeProcess.Start(carsearch, arguments.Model, Storage().ConnectionString, "stock", searchIndex, quietWatcher))
        {
            results.ColdStartAt100kSeconds = new Samples([(await serve.WaitForFirstSearchAsync(TimeSpan.FromMinutes(3))).TotalSeconds]);
            await SearchBench.WaitForQuietAsync(serve, arguments.SearchVectors);
            serve.Memory.TakePeak();
            results.Search = await SearchBench.RunAsync(
                serve,
                [("640x480", File.ReadAllBytes(Files(medium)[0])), ("4000x3000", File.ReadAllBytes(Files(large)[0]))],
                TimeSpan.FromSeconds(arguments.Quick ? 5 : 20));
            results.SearchRssBytes = serve.Memory.TakePeak();
        }

        await stock.DeleteIfExistsAsync();
        Directory.Delete(searchIndex, recursive: true);
    }

    if (Selected("index"))
    {
        Phase($"Embedded index at {arguments.IndexVectors:N0} vectors");
        results.Index = await IndexBench.RunAsync(work, arguments.IndexVectors, runs);
    }

    if (Selected("int8"))
    {
        Phase("int8 against float32");
        var int8Model = arguments.Int8Model ?? Int8Bench.Quantize(root, arguments.Model, Path.Combine(work, "model-int8"));
        var kitInt8 = Int8Bench.Quantize(root, arguments.TinyModel, Path.Combine(work, "kit-int8"));
        results.Int8 = Int8Bench.Run(arguments.Model, int8Model, Path.GetDirectoryName(arguments.TinyModel)!, kitInt8, runs);
    }
}
catch (Exception e)
{
    // Hours of measurements are not thrown away for one phase: the report says where the run stopped and why.
    results.Notes.Add($"**The run stopped early** in phase \"{results.Loads.LastOrDefault().Phase}\": {e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine(e);
    Environment.ExitCode = 1;
}
finally
{
    azurite?.Dispose();
    Directory.Delete(work, recursive: true);
    File.WriteAllText(arguments.Output, ResultsReport.Write(results));
    Console.WriteLine($"Wrote {arguments.Output}");
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "CarSearchFunctions.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the bench from the repository's build output (CarSearchFunctions.sln not found above it).");
}
