using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Tokenization;

namespace CarSearch.Core.Tests.Embeddings.Tokenization;

/// <summary>Parity with the reference kit's tokens.json, whatever strings it holds.</summary>
public sealed class ClipTokenizerReferenceTests
{
    public static IEnumerable<object[]> KitEntries() =>
        KitTokenizer.TokensJson.Select((entry, index) => new object[] { index, entry.Text });

    [Theory]
    [MemberData(nameof(KitEntries))]
    public void EncodeReproducesEveryTokensJsonEntry(int index, string text)
    {
        var expected = KitTokenizer.TokensJson[index].Ids;

        var ids = KitTokenizer.Instance.Encode(text);

        Assert.Equal(expected, ids);
    }

    [Fact]
    public void EncodeReproducesTheKitAnchor()
    {
        // The anchor the kit README gives for the public CLIP vocabulary.
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], KitTokenizer.Instance.Encode("a photo of a cat"));
    }

    [Fact]
    public void EncodeOfTheEmptyStringIsJustTheStartAndEndTokens()
    {
        Assert.Equal([ClipConstants.StartOfTextToken, ClipConstants.EndOfTextToken], KitTokenizer.Instance.Encode(""));
    }

    [Fact]
    public void VocabularySizeCountsEveryVocabJsonEntry()
    {
        // The kit's vocabulary: 256 byte symbols, 256 with </w>, one per merge rule, and the two special tokens.
        var mergeRules = File.ReadLines(KitTokenizer.MergesPath).Count(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal));

        Assert.Equal(512 + mergeRules + 2, KitTokenizer.Instance.VocabularySize);
    }

    [Fact]
    public async Task ConcurrentEncodesOnOneFreshInstanceGiveTheReferenceIds()
    {
        // A fresh instance, so the threads also race to fill the BPE cache.
        var tokenizer = KitTokenizer.Load();
        var entries = KitTokenizer.TokensJson;
        const int threads = 8;
        const int rounds = 25;
        using var start = new Barrier(threads);
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();

        var workers = Enumerable.Range(0, threads).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var round = 0; round < rounds; round++)
                {
                    // Each thread walks the texts from a different starting point.
                    for (var i = 0; i < entries.Count; i++)
                    {
                        var entry = entries[(i + (thread * 5)) % entries.Count];
                        if (!tokenizer.Encode(entry.Text).SequenceEqual(entry.Ids))
                        {
                            mismatches.Add(entry.Text);
                        }
                    }
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers);

        Assert.Empty(mismatches);
    }
}
