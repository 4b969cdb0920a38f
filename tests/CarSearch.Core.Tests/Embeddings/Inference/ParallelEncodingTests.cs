using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Inference;

/// <summary>One shared encoder pair serves concurrent requests, as in the Functions host, without mixing results.</summary>
public sealed class ParallelEncodingTests(ReferenceEncoders encoders) : IClassFixture<ReferenceEncoders>
{
    private const int Threads = 8;
    private const int CallsPerThread = 12;

    [Fact]
    public void ConcurrentCallsOnSharedEncodersGiveEachCallerItsOwnVectors()
    {
        var images = ReferenceGoldens.Images;
        var texts = ReferenceGoldens.Texts;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            for (var call = 0; call < CallsPerThread; call++)
            {
                // Each caller asks for different inputs and batch sizes, so crossed buffers would show.
                var pick = (thread * CallsPerThread) + call;
                var image = images[pick % images.Count];
                var second = images[(pick + 1) % images.Count];
                var text = texts[pick % texts.Count];
                var otherText = texts[(pick * 7 + 3) % texts.Count];

                var imageRows = call % 2 == 0
                    ? encoders.Image.Embed(image.Pixels, 1)
                    : encoders.Image.Embed([image.Pixels, second.Pixels]);
                var textRows = encoders.Text.Embed([text.Ids, otherText.Ids]);

                Check(image.Normalized, imageRows[0], $"thread {thread} call {call} {image.File}", failures);
                if (imageRows.Length > 1)
                {
                    Check(second.Normalized, imageRows[1], $"thread {thread} call {call} {second.File}", failures);
                }

                Check(text.Normalized, textRows[0], $"thread {thread} call {call} \"{text.Text}\"", failures);
                Check(otherText.Normalized, textRows[1], $"thread {thread} call {call} \"{otherText.Text}\"", failures);
            }
        });

        Assert.Empty(failures);
    }

    private static void Check(float[] expected, float[] actual, string what, System.Collections.Concurrent.ConcurrentBag<string> failures)
    {
        var diff = VectorAssert.MaxAbsDiff(expected, actual);
        if (!(diff < VectorAssert.NormalizedTolerance))
        {
            failures.Add($"{what}: max abs difference {diff:E2}");
        }
    }
}
