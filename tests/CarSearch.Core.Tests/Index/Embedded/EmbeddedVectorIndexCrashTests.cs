using System.Diagnostics;
using System.Globalization;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Tests;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// kill -9 of the writing process at random moments: every write it reported committed must survive intact, and
/// the index must open cleanly each time (the writer compacts often, so kills also land in compactions).
/// </summary>
public sealed class EmbeddedVectorIndexCrashTests : IDisposable
{
    private const int Rounds = 6;
    private const int Writers = 4;
    private const long NumbersPerRound = 1_000_000;

    private readonly IndexDirectory _directory = new();
    private readonly ITestOutputHelper _output;

    public EmbeddedVectorIndexCrashTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task WritesReportedCommittedSurviveKillsAtRandomMoments()
    {
        var random = new Random(4242);
        var upserted = new HashSet<long>();
        var deleted = new HashSet<long>();
        for (var round = 1; round <= Rounds; round++)
        {
            // A number of commits, not a time: each round does real work on any machine, and the kill still lands
            // wherever the writer happens to be (mid-record, mid-fsync, mid-compaction).
            var lines = await RunWriterUntilKilledAsync(round * NumbersPerRound, killAfterLines: random.Next(20, 400));
            foreach (var line in lines.Where(l => l.EndsWith(CrashDocuments.LineEnd, StringComparison.Ordinal)))
            {
                var body = line[..^CrashDocuments.LineEnd.Length];
                if (body.StartsWith(CrashDocuments.UpsertedPrefix, StringComparison.Ordinal))
                {
                    upserted.Add(long.Parse(body[CrashDocuments.UpsertedPrefix.Length..], CultureInfo.InvariantCulture));
                }
                else if (body.StartsWith(CrashDocuments.DeletedPrefix, StringComparison.Ordinal))
                {
                    deleted.Add(long.Parse(body[CrashDocuments.DeletedPrefix.Length..], CultureInfo.InvariantCulture));
                }
            }

            await AssertIndexHoldsAsync(upserted, deleted);
            _output.WriteLine($"Round {round}: {lines.Count} lines read; {upserted.Count} upserts and {deleted.Count} deletes reported so far.");
        }

        // The writer compacts every ~60 writes, so the kills above also hit compactions.
        Assert.True(File.Exists(_directory.SnapshotFile), "No compaction happened during the stream.");
    }

    public void Dispose() => _directory.Dispose();

    private async Task AssertIndexHoldsAsync(HashSet<long> upserted, HashSet<long> deleted)
    {
        await using var index = new EmbeddedVectorIndex(Options.Create(new IndexOptions
        {
            Dimensions = CrashDocuments.Dimensions,
            Local = new LocalIndexOptions { Directory = _directory.Path },
        }));
        await index.InitializeAsync();

        // A delete that follows a reported upsert may have committed without being reported before the kill.
        var maybeDeleted = upserted
            .Select(number => CrashDocuments.VictimOf(number, Writers))
            .OfType<long>()
            .ToHashSet();
        foreach (var number in upserted.Except(deleted).Except(maybeDeleted))
        {
            var document = await index.GetAsync(CrashDocuments.IdOf(number));
            Assert.True(document is not null, $"Committed document {number} is missing.");
            DocumentAssert.Same(CrashDocuments.Create(number), document);
        }

        foreach (var number in deleted)
        {
            Assert.Null(await index.GetAsync(CrashDocuments.IdOf(number)));
        }

        // Writes in flight at the kill may or may not be there, but whatever is there is whole.
        var ids = (await index.ListAsync().ToListAsync()).Select(entry => entry.Id).ToList();
        foreach (var id in ids)
        {
            var document = await index.GetAsync(id);
            Assert.NotNull(document);
            DocumentAssert.Same(CrashDocuments.Create(long.Parse(document.Metadata["number"], CultureInfo.InvariantCulture)), document);
        }

        Assert.Equal(ids.Count, await index.CountAsync());
    }

    private async Task<List<string>> RunWriterUntilKilledAsync(long firstNumber, int killAfterLines)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CrashWriterPath());
        start.ArgumentList.Add(_directory.Path);
        start.ArgumentList.Add(firstNumber.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(Writers.ToString(CultureInfo.InvariantCulture));

        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = process.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                    if (lines.Count >= killAfterLines)
                    {
                        enough.TrySetResult();
                    }
                }
            }
        });

        var finished = await Task.WhenAny(enough.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(
            finished == enough.Task && !process.HasExited,
            $"The crash writer did not reach {killAfterLines} commits. stderr: {(process.HasExited ? await errors : "(still running)")}");

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await reading;
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static string CrashWriterPath()
    {
        // Tests run from tests/CarSearch.Core.Tests/bin/<configuration>/<framework>/; the writer is built beside it
        // (a ProjectReference without the assembly), in the same configuration.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!;
        var tests = configuration.Parent!.Parent!.Parent!;
        var path = Path.Combine(
            tests.FullName, "CarSearch.Index.CrashWriter", "bin", configuration.Name, output.Name, "CarSearch.Index.CrashWriter.dll");
        Assert.True(File.Exists(path), $"The crash writer is not built: {path}");
        return path;
    }
}
