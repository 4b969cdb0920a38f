using System.Globalization;
using CarSearch.Core.Embeddings.Images;
using Xunit.Abstractions;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// Whatever bytes arrive at either door (blob ingest, photo search), the image entry point gives a tensor or a typed
/// refusal, in bounded time. Mutants of the kit's images stand in for damaged and hostile uploads.
/// </summary>
/// <remarks>
/// CI runs a fixed seed list for <see cref="DefaultSeconds"/> seconds, so a failure there replays from the message
/// alone. For a longer campaign set <c>CARSEARCH_FUZZ_SECONDS</c> (e.g. 900) and <c>CARSEARCH_FUZZ_SEEDS</c> (e.g.
/// <c>100-139</c> or <c>7,8,9</c>), optionally <c>CARSEARCH_FUZZ_JOURNAL</c>, and read the tally with <c>--logger "console;verbosity=detailed"</c>.
/// </remarks>
[Collection(RunsAlone.Name)]
public sealed class DecoderFuzzTests(ITestOutputHelper output)
{
    public const string SecondsVariable = "CARSEARCH_FUZZ_SECONDS";

    public const string SeedsVariable = "CARSEARCH_FUZZ_SEEDS";

    /// <summary>A file to hold the case in progress, for long campaigns: it names the input that killed the process.</summary>
    public const string JournalVariable = "CARSEARCH_FUZZ_JOURNAL";

    public const int DefaultSeconds = 20;

    private static readonly int[] DefaultSeeds = [1, 2, 3, 4];

    [Fact]
    public void MutatedImagesAreDecodedOrRefusedWithAReason()
    {
        var campaign = new DecoderFuzzCampaign(new ImagePreprocessor(new ImageOptions()), FuzzCorpus.All, Seeds(), Environment.GetEnvironmentVariable(JournalVariable));

        var report = campaign.Run(TimeSpan.FromSeconds(Seconds()));

        output.WriteLine(report.ToString());
        foreach (var cause in report.RejectionCauses)
        {
            output.WriteLine(cause);
        }

        Assert.True(
            report.Failed == 0,
            $"{report.Failed} of {report.Tried} mutated inputs neither decoded nor were refused with an ImageRejectedException " +
            $"(or took over {BoundedPreprocess.Limit.TotalSeconds} s):\n" + string.Join("\n", report.DistinctFailures));

        // A fuzzer whose mutants all die at the signature check, or none of which still decode, tests nothing deeper.
        Assert.True(report.Accepted > 0, report.ToString());
        Assert.True(report.Rejected(ImageRejectionReason.Corrupt) > 0, report.ToString());
    }

    private static int Seconds() =>
        Environment.GetEnvironmentVariable(SecondsVariable) is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : DefaultSeconds;

    /// <summary>The seeds to run: a comma-separated list whose items may be ranges (<c>1-4,10</c>).</summary>
    private static int[] Seeds()
    {
        if (Environment.GetEnvironmentVariable(SeedsVariable) is not { Length: > 0 } text)
        {
            return DefaultSeeds;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(item => item.Split('-') is [var first, var last]
                ? Enumerable.Range(Parse(first), Parse(last) - Parse(first) + 1)
                : [Parse(item)])
            .ToArray();

        static int Parse(string number) => int.Parse(number, CultureInfo.InvariantCulture);
    }
}
