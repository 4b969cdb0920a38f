using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// Compaction in the background: writes go on while the snapshot is written, a requested compaction waits for a
/// snapshot that holds everything before the request, and a crash at any step of a compaction recovers every
/// committed write from the files it leaves.
/// </summary>
public sealed class EmbeddedVectorIndexCompactionTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    private readonly IndexDirectory _directory = new();
    private readonly HeldCompaction _held = new();
    private readonly TestVectors _vectors = new(512, seed: 91);
    private readonly Dictionary<string, ImageDocument> _expected = new(StringComparer.Ordinal);

    public void Dispose()
    {
        _held.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task WritesCompleteAndAreVisibleWhileASnapshotIsBeingWritten()
    {
        await using var index = await _directory.OpenAsync(beforeSnapshotWrite: _held.BeforeSnapshotWrite);
        try
        {
            await UpsertAsync(index, Documents("before", 30));
            var compaction = await StartHeldCompactionWithWritesMeanwhileAsync(index);

            await IndexAssert.HoldsExactlyAsync(index, _expected.Values);
            Assert.False(compaction.IsCompleted, "The compaction completed before its snapshot was written.");
            Assert.True(File.Exists(_directory.NextLogFile), "Writes during a compaction go to the next log.");

            _held.Release();
            await compaction.WaitAsync(Guard);
            Assert.False(File.Exists(_directory.NextLogFile), "A finished compaction leaves one log.");
            await IndexAssert.HoldsExactlyAsync(index, _expected.Values);
        }
        finally
        {
            _held.Release();
        }

        await index.DisposeAsync();
        await using var reopened = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(reopened, _expected.Values);
    }

    [Fact]
    public async Task ACompactionRequestedWhileOneRunsCompletesWithASnapshotOfEverythingBeforeIt()
    {
        await using (var index = await _directory.OpenAsync(beforeSnapshotWrite: _held.BeforeSnapshotWrite))
        {
            try
            {
                await UpsertAsync(index, Documents("before", 10));
                var first = await StartHeldCompactionWithWritesMeanwhileAsync(index);

                var second = index.CompactAsync();
                Assert.False(second.IsCompleted, "The second request completed while the first compaction was held.");

                _held.Release();
                await Task.WhenAll(first, second).WaitAsync(Guard);
            }
            finally
            {
                _held.Release();
            }
        }

        // The snapshot alone, without the log, holds the writes made during the first compaction.
        var snapshot = new DocumentTable(512);
        SnapshotFile.Load(_directory.Path, snapshot);
        Assert.Equal(_expected.Count, snapshot.Count);
        foreach (var document in _expected.Values)
        {
            DocumentAssert.Same(document, snapshot.Get(document.Id));
        }
    }

    /// <summary>The files a crash leaves at each step of a compaction (see <c>LogRecovery</c>).</summary>
    public static TheoryData<string, bool> Leftovers => new()
    {
        { "rotation half done: the next log's temporary file", true },
        { "rotated: old snapshot, old log, next log", true },
        { "rotated: old snapshot, old log, next log", false },
        { "rotated, the next log's tail torn", true },
        { "snapshot half written: its temporary file beside the three", true },
        { "snapshot renamed: new snapshot, old log, next log", true },
        { "snapshot renamed: new snapshot, old log, next log", false },
    };

    [Theory]
    [MemberData(nameof(Leftovers))]
    public async Task ACrashMidCompactionRecoversEveryCommittedWrite(string leftover, bool earlierSnapshot)
    {
        var files = await CompactWhileCapturingFilesAsync(earlierSnapshot);
        using var crashed = new IndexDirectory();
        var expected = _expected.Values.ToList();
        void Put(string name, byte[]? bytes)
        {
            if (bytes is not null)
            {
                File.WriteAllBytes(Path.Combine(crashed.Path, name), bytes);
            }
        }

        Put("index.log", files.OldLog);
        if (leftover.StartsWith("rotation half done", StringComparison.Ordinal))
        {
            Put("index.snapshot", files.OldSnapshot);
            Put("index.log.next.tmp", files.NextLog[..20]);
            expected = files.BeforeRotation;
        }
        else if (leftover.StartsWith("snapshot renamed", StringComparison.Ordinal))
        {
            Put("index.snapshot", files.NewSnapshot);
            Put("index.log.next", files.NextLog);
        }
        else
        {
            Put("index.snapshot", files.OldSnapshot);
            Put("index.log.next", leftover.Contains("torn", StringComparison.Ordinal) ? [.. files.NextLog, .. "torn record"u8] : files.NextLog);
            if (leftover.StartsWith("snapshot half written", StringComparison.Ordinal))
            {
                Put("index.snapshot.tmp", files.NewSnapshot[..(files.NewSnapshot.Length / 2)]);
            }
        }

        var later = Documents("after the crash", 1)[0];
        await using (var recovered = await crashed.OpenAsync())
        {
            await IndexAssert.HoldsExactlyAsync(recovered, expected);
            await recovered.UpsertAsync(later);
            await recovered.DeleteAsync(expected[0].Id);
        }

        // The compaction the crash cut short is finished by the reopened index: one snapshot, one log, nothing else.
        Assert.Equal(["index.lock", "index.log", "index.snapshot"], Directory.GetFiles(crashed.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        await using var again = await crashed.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(again, [.. expected.Skip(1), later]);
    }

    /// <summary>The index's files at each step of one compaction, and what the index held before it rotated the log.</summary>
    private sealed record CompactionFiles(byte[]? OldSnapshot, byte[] OldLog, byte[] NextLog, byte[] NewSnapshot, List<ImageDocument> BeforeRotation);

    private async Task<CompactionFiles> CompactWhileCapturingFilesAsync(bool earlierSnapshot)
    {
        await using var index = await _directory.OpenAsync(beforeSnapshotWrite: _held.BeforeSnapshotWrite);
        try
        {
            if (earlierSnapshot)
            {
                await UpsertAsync(index, Documents("snapshotted", 10));
                await index.CompactAsync();
            }

            await UpsertAsync(index, Documents("logged", 6));
            await DeleteAsync(index, _expected.Keys.First());
            var beforeRotation = _expected.Values.ToList();

            var compaction = await StartHeldCompactionWithWritesMeanwhileAsync(index);
            var oldSnapshot = File.Exists(_directory.SnapshotFile) ? await File.ReadAllBytesAsync(_directory.SnapshotFile) : null;
            var oldLog = await File.ReadAllBytesAsync(_directory.LogFile);
            var nextLog = await File.ReadAllBytesAsync(_directory.NextLogFile);

            _held.Release();
            await compaction.WaitAsync(Guard);
            return new CompactionFiles(oldSnapshot, oldLog, nextLog, await File.ReadAllBytesAsync(_directory.SnapshotFile), beforeRotation);
        }
        finally
        {
            _held.Release();
        }
    }

    /// <summary>
    /// Starts a compaction, holds it before its snapshot write, and meanwhile writes new documents, replaces one and
    /// deletes one (every kind of change a frozen row can see). Returns the compaction, still held.
    /// </summary>
    private async Task<Task> StartHeldCompactionWithWritesMeanwhileAsync(EmbeddedVectorIndex index)
    {
        _held.Arm();
        var compaction = index.CompactAsync();
        await _held.ReachedAsync();
        var existing = _expected.Values.Take(2).ToList();
        await UpsertAsync(index, [.. Documents("during", 4), existing[0] with { Name = "replaced during", Embedding = _vectors.NextUnit() }]);
        await DeleteAsync(index, existing[1].Id);
        return compaction;
    }

    private async Task UpsertAsync(EmbeddedVectorIndex index, List<ImageDocument> documents)
    {
        await Task.WhenAll(documents.Select(d => index.UpsertAsync(d))).WaitAsync(Guard);
        documents.ForEach(d => _expected[d.Id] = d);
    }

    private async Task DeleteAsync(EmbeddedVectorIndex index, string id)
    {
        Assert.True(await index.DeleteAsync(id).WaitAsync(Guard));
        _expected.Remove(id);
    }

    private List<ImageDocument> Documents(string prefix, int count) =>
        Enumerable.Range(0, count)
            .Select(i => ContractDocuments.Create($"{prefix}/{i}.jpg", _vectors.NextUnit(), new Dictionary<string, string> { ["i"] = $"{i}" }))
            .ToList();
}
