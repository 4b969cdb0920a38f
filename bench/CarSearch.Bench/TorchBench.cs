using System.Diagnostics;
using System.Text.Json;

namespace CarSearch.Bench;

/// <summary>
/// The PyTorch reference in the same run: <c>bench_torch.py</c> (the model on random tensors) and
/// <c>torch_pipeline.py</c> (PIL decode, the kit's preprocessing, the model) over the same JPEG folders.
/// Python runs here only, never in tests.
/// </summary>
internal static class TorchBench
{
    public sealed record Result(double ModelImagesPerSecondBatch16, double ModelImagesPerSecondBatch1, IReadOnlyDictionary<string, Samples> PipelineImagesPerSecond, string Version);

    public static Result? Run(string toolsDirectory, string stateDict, string pipelineScript, IReadOnlyList<(string Name, string Folder)> sets, int runs)
    {
        if (!File.Exists(stateDict) || !File.Exists(Path.Combine(toolsDirectory, "bench_torch.py")))
        {
            Console.WriteLine($"  PyTorch skipped: {stateDict} or {toolsDirectory}/bench_torch.py is missing.");
            return null;
        }

        var model = Python(Path.Combine(toolsDirectory, "bench_torch.py"), "--state", stateDict, "--runs1", "6", "--runs16", "3", "--runs-text", "3");
        var pipelines = new Dictionary<string, Samples>();
        foreach (var (name, folder) in sets)
        {
            var pipeline = Python(pipelineScript, "--tools", toolsDirectory, "--state", stateDict, "--images", folder, "--runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            pipelines[name] = new Samples(pipeline.GetProperty("img_per_s").EnumerateArray().Select(rate => rate.GetDouble()));
            Console.WriteLine($"  PyTorch pipeline {name}: {pipelines[name].Describe()} images/s");
        }

        return new Result(
            model.GetProperty("image_b16").GetProperty("img_per_s").GetDouble(),
            model.GetProperty("image_b1").GetProperty("img_per_s").GetDouble(),
            pipelines,
            model.GetProperty("torch").GetString() ?? "?");
    }

    private static JsonElement Python(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} exited with {process.ExitCode}: {error.Result}");
        }

        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
