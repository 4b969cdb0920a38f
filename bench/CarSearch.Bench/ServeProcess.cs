using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CarSearch.Tests;

namespace CarSearch.Bench;

/// <summary>
/// The real <c>carsearch serve</c> as a child process (the Release build in the repository), so start-up, memory and
/// HTTP are measured as a user gets them, not inside the driver's own process.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();

    private ServeProcess(Process process, Stopwatch sinceStart, int port)
    {
        _process = process;
        SinceStart = sinceStart;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(120) };
        Memory = new ProcessMemory(process.Id);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Time since the process was started.</summary>
    public Stopwatch SinceStart { get; }

    public HttpClient Client { get; }

    public ProcessMemory Memory { get; }

    public int ProcessId => _process.Id;

    /// <param name="environment">Settings as environment variables (<c>CarSearch__Ingest__...</c>), as a user would set them.</param>
    public static ServeProcess Start(
        string carsearch, string model, string storage, string container, string index, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = LocalPorts.Free();
        var start = new ProcessStartInfo(carsearch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "serve", "--model", model, "--port", port.ToString(CultureInfo.InvariantCulture), "--storage", storage, "--container", container, "--index", index })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("carsearch serve did not start.");
        return new ServeProcess(process, clock, port);
    }

    /// <summary>Polls a text search until one is answered with 200; returns the time since the process started.</summary>
    public async Task<TimeSpan> WaitForFirstSearchAsync(TimeSpan within)
    {
        while (SinceStart.Elapsed < within)
        {
            ThrowIfExited();
            try
            {
                using var response = await Client.GetAsync(new Uri("api/search?q=a%20red%20car&top=1", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return SinceStart.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"serve answered no search within {within}. Last lines:\n{Tail()}");
    }

    public async Task<long> IndexedAsync()
    {
        var status = await Client.GetFromJsonAsync<JsonElement>(new Uri("api/ingest/status", UriKind.Relative));
        return status.GetProperty("indexed").ValueKind == JsonValueKind.Number ? status.GetProperty("indexed").GetInt64() : 0;
    }

    /// <summary>Polls the status (every 50 ms) until at least <paramref name="count"/> images are indexed.</summary>
    public async Task WaitForIndexedAsync(long count, TimeSpan within)
    {
        var waited = Stopwatch.StartNew();
        while (await IndexedAsync() < count)
        {
            ThrowIfExited();
            if (waited.Elapsed > within)
            {
                throw new TimeoutException($"Fewer than {count} images indexed after {within}. Last lines:\n{Tail()}");
            }

            await Task.Delay(50);
        }
    }

    public string Tail() => string.Join('\n', _lastLines);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Memory.DisposeAsync();
        if (!_process.HasExited)
        {
            // SIGTERM: the host stops as on Ctrl+C and saves the index.
            using (var term = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"carsearch serve exited with {_process.ExitCode}. Last lines:\n{Tail()}");
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > 40)
        {
            _lastLines.TryDequeue(out _);
        }
    }
}
