using CarSearch.Core.Embeddings.Inference;
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

    [Fact]
    public async Task DisposingWhileCallsAreUnderWayLetsThemFinishAndRefusesLaterOnes()
    {
        // A host that stops mid-request (or mid warm-up) disposes the model under its callers: each call must then
        // either finish with the right vector or be refused, never run on a freed native session.
        var text = ReferenceGoldens.Texts[0];
        var image = ReferenceGoldens.Images[0];
        using var textEncoder = new ClipTextEncoder(ReferenceGoldens.ModelPath(ReferenceEncoders.TextModel), new InferenceOptions());
        using var imageEncoder = new ClipImageEncoder(ReferenceGoldens.ModelPath(ReferenceEncoders.ImageModel), new InferenceOptions());
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var finished = 0;
        var refused = 0;
        using var running = new CountdownEvent(Threads);

        var callers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(() =>
        {
            running.Signal();
            for (var call = 0; ; call++)
            {
                try
                {
                    if (thread % 2 == 0)
                    {
                        Check(text.Normalized, textEncoder.Embed([text.Ids])[0], $"thread {thread} call {call}", failures);
                    }
                    else
                    {
                        Check(image.Normalized, imageEncoder.Embed(image.Pixels, 1)[0], $"thread {thread} call {call}", failures);
                    }

                    Interlocked.Increment(ref finished);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        running.Wait();
        SpinWait.SpinUntil(() => Volatile.Read(ref finished) >= Threads);
        textEncoder.Dispose();
        imageEncoder.Dispose();

        // A caller still running a minute later never noticed the disposal.
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Empty(failures);
        Assert.Equal(Threads, refused);
        Assert.Throws<ObjectDisposedException>(() => textEncoder.Embed([text.Ids]));
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
