using System.Globalization;
using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// Runs the image entry point on a worker thread with a time limit, so an input that hangs it fails the test that
/// fed it (naming the input) instead of stalling the whole run.
/// </summary>
public static class BoundedPreprocess
{
    /// <summary>Longest one input may take: the slowest legitimate file (a 50-megapixel decode) needs well under it.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>The preprocessed image, or what the entry point threw.</summary>
    /// <exception cref="TimeoutException">Still running after <see cref="Limit"/> (it goes on, on its thread).</exception>
    public static PreprocessedImage Run(ImagePreprocessor preprocessor, byte[] bytes)
    {
        var run = Task.Run(() => preprocessor.Preprocess(bytes));
        if (Task.WaitAny([run], Limit) < 0)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Still running after {Limit.TotalSeconds} s."));
        }

        return run.GetAwaiter().GetResult();
    }
}
