using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>What is on disk: restarts, the writer lock, torn or damaged files, compaction and its crash points.</summary>
public sealed class EmbeddedVectorIndexDurabilityTests : IDisposable
{
    private readonly IndexDirectory _directory = new();
    private readonly TestVectors _vectors = new(512, seed: 77);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AnIndexReopensWithEveryCommittedChange()
    {
        var documents = Documents(30);
        await using (var index = await _directory.OpenAsync())
        {
            await Task.WhenAll(documents.Select(d => index.UpsertAsync(d)));
            await index.UpsertAsync(documents[3] with { Width = 1, Metadata = new Dictionary<string, string> { ["colour"] = "green" } });
            await index.DeleteAsync(documents[4].Id);
        }

        await using var reopened = await _directory.OpenAsync();

        var expected = documents.Where(d => d.Id != documents[4].Id).ToList();
        expected[3] = expected[3] with { Width = 1, Metadata = new Dictionary<string, string> { ["colour"] = "green" } };
        await IndexAssert.HoldsExactlyAsync(reopened, expected);
        var green = await reopened.SearchAsync(new VectorQuery(_vectors.NextUnit(), Filters: new Dictionary<string, string> { ["colour"] = "green" }));
        Assert.Equal(documents[3].Id, Assert.Single(green.Hits).Id);
    }

    [Fact]
    public async Task ASecondWriterOnTheSameDirectoryGetsAClearErrorUntilTheFirstCloses()
    {
        var first = await _directory.OpenAsync();
        await first.UpsertAsync(Documents(1)[0]);

        var error = await Assert.ThrowsAsync<IndexLockedException>(() => _directory.OpenAsync());
        Assert.Equal(_directory.Path, error.Directory);
        Assert.Equal(Path.Combine(_directory.Path, "index.lock"), error.LockFile);
        Assert.Contains(_directory.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("already open", error.Message, StringComparison.Ordinal);

        await first.DisposeAsync();
        await using var second = await _directory.OpenAsync();
        Assert.Equal(1, await second.CountAsync());
    }

    public static TheoryData<string> TailDamage => new() { "garbage appended", "last record torn", "last record's bytes flipped" };

    [Theory]
    [MemberData(nameof(TailDamage))]
    public async Task ADamagedLogTailIsCutAndEverythingBeforeItKept(string damage)
    {
        var documents = Documents(10);
        await using (var index = await _directory.OpenAsync())
        {
            foreach (var document in documents)
            {
                await index.UpsertAsync(document);
            }
        }

        var lengthBefore = new FileInfo(_directory.LogFile).Length;
        var lastRecordLost = Damage(_directory.LogFile, damage);

        var survivors = lastRecordLost ? documents[..^1] : documents;
        await using (var reopened = await _directory.OpenAsync())
        {
            await IndexAssert.HoldsExactlyAsync(reopened, survivors);
            Assert.True(new FileInfo(_directory.LogFile).Length <= lengthBefore);
            await reopened.UpsertAsync(documents[^1] with { Name = "written after the repair" });
        }

        // What follows the cut is written after the last whole record, so it survives the next open too.
        await using var again = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(again, [.. survivors.Where(d => d.Id != documents[^1].Id), documents[^1] with { Name = "written after the repair" }]);
    }

    [Fact]
    public async Task CompactionFoldsTheLogIntoASnapshotThatReopens()
    {
        var documents = Documents(40);
        await using (var index = await _directory.OpenAsync())
        {
            await Task.WhenAll(documents.Select(d => index.UpsertAsync(d)));
            await index.DeleteAsync(documents[0].Id);
            var logBefore = new FileInfo(_directory.LogFile).Length;

            await index.CompactAsync();

            Assert.True(File.Exists(_directory.SnapshotFile));
            Assert.True(new FileInfo(_directory.LogFile).Length < logBefore / 10);
            await index.UpsertAsync(documents[0]);
            await index.DeleteAsync(documents[1].Id);
        }

        await using var reopened = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(reopened, documents.Where(d => d.Id != documents[1].Id).ToList());
    }

    [Fact]
    public async Task DocumentsLoadedFromTheSnapshotReadReplaceDeleteAndCompactAsWrittenOnes()
    {
        // Loaded documents are held as bytes and decoded when read; written ones as objects. Every change mixes the two.
        var documents = Documents(40);
        documents[5] = documents[5] with { DuplicateOf = documents[0].Id };
        documents[6] = documents[6] with { DuplicateOf = documents[0].Id, SourceVersion = "\"0x8DC\"" };
        await using (var index = await _directory.OpenAsync())
        {
            await Task.WhenAll(documents.Select(d => index.UpsertAsync(d)));
            await index.CompactAsync();
        }

        var expected = documents.ToDictionary(d => d.Id);
        await using (var reopened = await _directory.OpenAsync())
        {
            await IndexAssert.HoldsExactlyAsync(reopened, expected.Values);
            var hit = Assert.Single((await reopened.SearchAsync(new VectorQuery(documents[7].Embedding, Top: 1))).Hits);
            Assert.Equal((documents[7].Id, documents[7].Name, documents[7].Metadata["i"]), (hit.Id, hit.Name, hit.Metadata["i"]));

            // A loaded document replaced; deleted at the end, then from the middle (the last loaded row moves into its place).
            var replaced = documents[3] with { Name = "replaced", Metadata = new Dictionary<string, string> { ["i"] = "new" }, DuplicateOf = documents[0].Id };
            await reopened.UpsertAsync(replaced);
            expected[replaced.Id] = replaced;
            foreach (var deleted in new[] { documents[^1], documents[5], documents[10] })
            {
                Assert.True(await reopened.DeleteAsync(deleted.Id));
                expected.Remove(deleted.Id);
            }

            await IndexAssert.HoldsExactlyAsync(reopened, expected.Values);
            var moved = await reopened.SearchAsync(new VectorQuery(_vectors.NextUnit(), Filters: new Dictionary<string, string> { ["i"] = documents[^2].Metadata["i"] }));
            Assert.Equal(documents[^2].Id, Assert.Single(moved.Hits).Id);
            Assert.Empty((await reopened.SearchAsync(new VectorQuery(_vectors.NextUnit(), Filters: new Dictionary<string, string> { ["i"] = "3" }))).Hits);
            Assert.Equal(
                [documents[3].Id, documents[6].Id],
                (await reopened.ListDuplicatesAsync([documents[0].Id])).Select(d => d.Id).Order(StringComparer.Ordinal));

            // A compaction writes loaded and written documents alike.
            await reopened.CompactAsync();
        }

        await using var again = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(again, expected.Values);
    }

    [Fact]
    public async Task DuplicateGroupsSurviveTheLogTheSnapshotAndReopening()
    {
        var documents = Documents(4);
        documents[1] = documents[1] with { DuplicateOf = documents[0].Id };
        documents[2] = documents[2] with { DuplicateOf = documents[0].Id, SourceVersion = null };
        documents[3] = documents[3] with { SourceVersion = "\"0x8DC\"" };
        await using (var index = await _directory.OpenAsync())
        {
            await index.UpsertAsync(documents[0]);
            await index.UpsertAsync(documents[1]);
            await index.CompactAsync();
            await index.UpsertAsync(documents[2]);
            await index.UpsertAsync(documents[3]);
        }

        await using var reopened = await _directory.OpenAsync();

        await IndexAssert.HoldsExactlyAsync(reopened, documents);
        Assert.Equal(
            [documents[1].Id, documents[2].Id],
            (await reopened.ListDuplicatesAsync([documents[0].Id])).Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ALogLargerThanTheThresholdIsCompactedWithoutBeingAsked()
    {
        var documents = Documents(20);
        await using (var index = await _directory.OpenAsync(compactionLogBytes: 8 * 1024))
        {
            foreach (var document in documents)
            {
                await index.UpsertAsync(document);
            }
        }

        Assert.True(File.Exists(_directory.SnapshotFile));
        await using var reopened = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(reopened, documents);
    }

    [Fact]
    public async Task ACrashBetweenTheSnapshotRenameAndTheLogResetLosesAndRepeatsNothing()
    {
        var documents = Documents(12);
        var staleLog = Path.Combine(_directory.Path, "stale.log");
        await using (var index = await _directory.OpenAsync())
        {
            foreach (var document in documents)
            {
                await index.UpsertAsync(document);
            }

            await index.DeleteAsync(documents[2].Id);
            File.Copy(_directory.LogFile, staleLog);
            await index.CompactAsync();
        }

        // The state a kill leaves after the new snapshot's rename but before the log's reset: the old log is back.
        File.Copy(staleLog, _directory.LogFile, overwrite: true);
        File.Delete(staleLog);

        var expected = documents.Where(d => d.Id != documents[2].Id).ToList();
        await using (var reopened = await _directory.OpenAsync())
        {
            await IndexAssert.HoldsExactlyAsync(reopened, expected);
            await reopened.DeleteAsync(documents[5].Id);
        }

        await using var again = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(again, expected.Where(d => d.Id != documents[5].Id).ToList());
    }

    [Fact]
    public async Task AHalfWrittenSnapshotFromACrashIsIgnored()
    {
        var documents = Documents(5);
        await using (var index = await _directory.OpenAsync())
        {
            await Task.WhenAll(documents.Select(d => index.UpsertAsync(d)));
        }

        // A kill while the next snapshot was being written leaves its temporary file, never the real one.
        var temporary = _directory.SnapshotFile + ".tmp";
        await File.WriteAllBytesAsync(temporary, [.. "CSIDXSNP"u8, 1, 2, 3]);

        await using var reopened = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(reopened, documents);
        Assert.False(File.Exists(temporary));
    }

    [Fact]
    public async Task ADamagedSnapshotIsReportedNotSilentlyDropped()
    {
        await using (var index = await _directory.OpenAsync())
        {
            await Task.WhenAll(Documents(5).Select(d => index.UpsertAsync(d)));
            await index.CompactAsync();
        }

        // A snapshot is renamed into place only when whole, so damage means the disk or a person changed it.
        await using (var stream = new FileStream(_directory.SnapshotFile, FileMode.Open))
        {
            stream.Position = stream.Length / 2;
            stream.WriteByte(0xFF);
            stream.WriteByte(0x00);
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => _directory.OpenAsync());
    }

    [Fact]
    public async Task OpeningWithAnotherDimensionIsRefused()
    {
        await using (var index = await _directory.OpenAsync())
        {
            await index.UpsertAsync(Documents(1)[0]);
        }

        var options = _directory.Options();
        options.Dimensions = 768;
        await using var other = new EmbeddedVectorIndex(Options.Create(options));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => other.InitializeAsync());
        Assert.Contains("512", error.Message, StringComparison.Ordinal);
    }

    private List<ImageDocument> Documents(int count) =>
        Enumerable.Range(0, count)
            .Select(i => ContractDocuments.Create($"durable/{i}.jpg", _vectors.NextUnit(), new Dictionary<string, string> { ["i"] = $"{i}" }))
            .ToList();

    /// <summary>Damages the log's tail; true when the last record is lost by it.</summary>
    private static bool Damage(string logFile, string damage)
    {
        using var stream = new FileStream(logFile, FileMode.Open);
        switch (damage)
        {
            case "garbage appended":
                stream.Position = stream.Length;
                stream.Write(new Random(1).GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 3000));
                return false;
            case "last record torn":
                stream.SetLength(stream.Length - 700);
                return true;
            default:
                stream.Position = stream.Length - 100;
                var value = stream.ReadByte();
                stream.Position -= 1;
                stream.WriteByte((byte)(value ^ 0x5A));
                return true;
        }
    }
}
