using System.Diagnostics;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// Feeds mutants of every corpus file to the image entry point until the time budget is spent, and records anything
/// but a usable tensor or an <see cref="ImageRejectedException"/>: another exception, a tensor no 8-bit picture gives,
/// or an input that runs past <see cref="BoundedPreprocess.Limit"/>.
/// </summary>
/// <remarks>
/// Cases are drawn round by round (every seed on every file, then the next round), so a short budget still touches
/// every file and a longer one goes deeper; the first round always runs whole.
/// </remarks>
public sealed class DecoderFuzzCampaign(
    ImagePreprocessor preprocessor, IReadOnlyList<FuzzInput> corpus, IReadOnlyList<int> seeds, string? journal = null)
{
    public FuzzReport Run(TimeSpan budget)
    {
        WarmUp();
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round == 0 || clock.Elapsed < budget; round++)
        {
            foreach (var seed in seeds)
            {
                foreach (var input in corpus)
                {
                    if (round > 0 && clock.Elapsed >= budget)
                    {
                        break;
                    }

                    if (!Try(FuzzCase.Draw(input, corpus, seed, round), report))
                    {
                        report.Elapsed = clock.Elapsed;
                        return report; // a hung input still holds its thread: stop here
                    }
                }
            }
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>
    /// Decodes every unmutated file once, outside the time limit: the first decode of a format compiles ImageSharp's
    /// decoder for it, which takes seconds on a busy machine and says nothing about the input that happens to be first.
    /// </summary>
    private void WarmUp()
    {
        foreach (var input in corpus)
        {
            try
            {
                preprocessor.Preprocess(input.Bytes);
            }
            catch (ImageRejectedException)
            {
                // Some goldens are variants we refuse (CMYK TIFF); refusing them warms the same code.
            }
        }
    }

    /// <summary>Runs one case into the report; false when it hung.</summary>
    private bool Try(FuzzCase fuzzCase, FuzzReport report)
    {
        if (journal is not null)
        {
            // A crash that takes the process down (stack overflow, access violation) leaves no test message.
            File.WriteAllText(journal, fuzzCase.ToString());
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var problem = ProblemWith(BoundedPreprocess.Run(preprocessor, fuzzCase.Mutant.Bytes).Pixels);
            if (problem is null)
            {
                report.Record(fuzzCase, clock.Elapsed, "accepted");
            }
            else
            {
                report.RecordFailure(fuzzCase, clock.Elapsed, "bad tensor", problem);
            }
        }
        catch (ImageRejectedException rejected)
        {
            report.Record(fuzzCase, clock.Elapsed, rejected.Reason.ToString(), rejected.InnerException is { } cause ? Describe(cause) : null);
        }
        catch (TimeoutException hung)
        {
            report.RecordFailure(fuzzCase, clock.Elapsed, "hang", hung.Message);
            return false;
        }
        catch (Exception error)
        {
            var where = Describe(error);
            report.RecordFailure(fuzzCase, clock.Elapsed, where, $"{where}: {error.Message}");
        }

        return true;
    }

    /// <summary>The exception's type and the method that threw it: what tells one defect from another.</summary>
    private static string Describe(Exception error)
    {
        var origin = new StackTrace(error).GetFrames().FirstOrDefault(frame => frame.GetMethod() is not null)?.GetMethod();
        return $"{error.GetType().Name} at {origin?.DeclaringType?.FullName}.{origin?.Name}";
    }

    /// <summary>Why a tensor could not come from an 8-bit RGB picture, or null when it could.</summary>
    private static string? ProblemWith(float[] pixels)
    {
        const int plane = ClipConstants.ImageSize * ClipConstants.ImageSize;
        if (pixels.Length != ClipConstants.PixelCount)
        {
            return $"the tensor holds {pixels.Length} values";
        }

        for (var channel = 0; channel < 3; channel++)
        {
            var low = (0 - ClipConstants.Mean[channel]) / ClipConstants.Std[channel] - 1e-4f;
            var high = (1 - ClipConstants.Mean[channel]) / ClipConstants.Std[channel] + 1e-4f;
            foreach (var value in pixels.AsSpan(channel * plane, plane))
            {
                if (!(value >= low && value <= high))
                {
                    return $"channel {channel} holds {value}, outside what 0..255 normalises to";
                }
            }
        }

        return null;
    }
}
